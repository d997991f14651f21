import type { OfficeStatus } from '@pkk/core';
import type { PathOptions } from 'leaflet';

/** Hatch pattern for offline offices, so that they differ from the others by texture, not only colour. */
export const HATCH_ID = 'pkk-hatch-offline';

export interface Palette {
  fill: Record<OfficeStatus, string>;
  edge: string;
  breachEdge: string;
}

/** Reads the status palette from the CSS custom properties the theme defines (one source of colour). */
export function readPalette(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    fill: {
      normal: v('--status-normal', '#0fa37f'),
      attention: v('--status-attention', '#f0e442'),
      breach: v('--status-breach', '#e0601a'),
      offline: v('--status-offline', '#8b95a5'),
      closed: v('--status-closed', '#2f3b4e'),
    },
    edge: v('--map-edge', '#0b1220'),
    breachEdge: v('--map-breach-edge', '#ffffff'),
  };
}

export function polygonStyle(status: OfficeStatus | undefined, p: Palette): PathOptions {
  if (!status) return { color: p.edge, weight: 1, fillColor: p.fill.closed, fillOpacity: 0.35 };
  switch (status) {
    case 'breach':
      return { color: p.breachEdge, weight: 3, opacity: 1, fillColor: p.fill.breach, fillOpacity: 0.95 };
    case 'offline':
      return {
        color: p.fill.offline,
        weight: 1.5,
        opacity: 1,
        fillColor: `url(#${HATCH_ID})`,
        fillOpacity: 1,
      };
    case 'closed':
      return { color: p.edge, weight: 1, opacity: 1, fillColor: p.fill.closed, fillOpacity: 0.9 };
    default:
      return { color: p.edge, weight: 1, opacity: 1, fillColor: p.fill[status], fillOpacity: 0.9 };
  }
}

/** Adds the hatch pattern to the map's SVG once it exists. */
export function ensureHatch(svg: SVGSVGElement, p: Palette): void {
  if (svg.querySelector(`#${HATCH_ID}`)) return;
  const ns = 'http://www.w3.org/2000/svg';
  const defs = document.createElementNS(ns, 'defs');
  const pattern = document.createElementNS(ns, 'pattern');
  pattern.setAttribute('id', HATCH_ID);
  pattern.setAttribute('patternUnits', 'userSpaceOnUse');
  pattern.setAttribute('width', '8');
  pattern.setAttribute('height', '8');
  pattern.setAttribute('patternTransform', 'rotate(45)');
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('width', '8');
  bg.setAttribute('height', '8');
  bg.setAttribute('fill', p.fill.closed);
  const line = document.createElementNS(ns, 'rect');
  line.setAttribute('width', '3.5');
  line.setAttribute('height', '8');
  line.setAttribute('fill', p.fill.offline);
  pattern.append(bg, line);
  defs.append(pattern);
  svg.prepend(defs);
}
