import { useEffect, useEffectEvent, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { KelurahanSummary, OfficeStatus, RoomName } from '@pkk/core';
import type { Boundaries } from '@/api/endpoints.ts';
import { liveStore } from '@/api/live/index.ts';
import { statusIconSvg } from '@/components/status/status-icon.tsx';
import { statusWithFindings, type OfficeFindings } from '@/lib/finding-status.ts';
import { ensureHatch, polygonStyle, readPalette } from './map-style.ts';
import './map.css';

export interface MapLabel {
  text: string;
  lat: number;
  lng: number;
}

export interface KelurahanMapProps {
  /** The live room whose summaries colour the polygons. */
  room: RoomName;
  boundaries: Boundaries;
  /** Labels drawn on the map (kecamatan names for the city, kelurahan names for a kecamatan). */
  labels: MapLabel[];
  /** Where the status marker of each office goes. */
  centres: ReadonlyMap<string, { lat: number; lng: number }>;
  /** Tooltip body of an office, as text lines (first line bold). */
  describe: (code: string, summary: KelurahanSummary | undefined) => string[];
  onOpen?: (code: string) => void;
  /** Open findings per office: they raise its colour (critical: breach, warning: attention). */
  findings?: ReadonlyMap<string, OfficeFindings>;
  tileUrl?: string | null;
  tileAttribution?: string | null;
}

/**
 * Statuses that get a marker with their icon on the map, besides their colour: breach (offline has
 * its hatching, breach also its white outline).
 */
const MARKED: ReadonlySet<OfficeStatus> = new Set(['breach']);

/** Hides labels that would overlap one drawn before them (the order given is the priority). */
function declutter(elements: HTMLElement[]): void {
  const shown: DOMRect[] = [];
  for (const el of elements) {
    el.classList.remove('is-hidden');
    const span = el.firstElementChild;
    if (!span) continue;
    const r = span.getBoundingClientRect();
    if (
      shown.some(
        (s) => r.left < s.right + 4 && r.right > s.left - 4 && r.top < s.bottom + 2 && r.bottom > s.top - 2,
      )
    )
      el.classList.add('is-hidden');
    else shown.push(r);
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The kelurahan polygons coloured by live status. Leaflet owns this DOM: the component builds the map
 * once, then listens to the room's changes and restyles only the polygons whose office changed, so a
 * push costs a few attribute writes, not a React render of 107 shapes. Open findings raise an office's
 * colour; when they change, the polygons whose colour moves are restyled the same way.
 */
export default function KelurahanMap({
  room,
  boundaries,
  labels,
  centres,
  describe,
  onOpen,
  findings,
  tileUrl,
  tileAttribution,
}: KelurahanMapProps) {
  const ref = useRef<HTMLDivElement>(null);
  /** Restyles every polygon (set while the map exists): open findings changed. */
  const restyleAllRef = useRef<(() => void) | null>(null);
  const statusOf = useEffectEvent((code: string, live: OfficeStatus | undefined) =>
    live === undefined ? undefined : statusWithFindings(live, findings?.get(code)),
  );
  const open = useEffectEvent((code: string) => onOpen?.(code));
  const tooltip = useEffectEvent((code: string) => {
    const s = liveStore.room(room);
    const summary = s.kind === 'summaries' ? s.items.get(code) : s.detail?.summary;
    const [head, ...rest] = describe(code, summary);
    return `<strong>${escapeHtml(head ?? code)}</strong>${rest.map((l) => `<br>${escapeHtml(l)}`).join('')}`;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const palette = readPalette(el);
    const map = L.map(el, {
      zoomControl: false,
      attributionControl: Boolean(tileUrl),
      zoomSnap: 0.1,
      zoomDelta: 0.5,
      renderer: L.svg({ padding: 0.2 }),
      keyboard: false,
    });
    if (tileUrl) L.tileLayer(tileUrl, { attribution: tileAttribution ?? '', maxZoom: 19 }).addTo(map);

    const summaryOf = (code: string): KelurahanSummary | undefined => {
      const s = liveStore.room(room);
      return s.kind === 'summaries'
        ? s.items.get(code)
        : s.detail?.summary.code === code
          ? s.detail.summary
          : undefined;
    };

    const polygons = new Map<string, L.Path>();
    const markers = new Map<string, L.Marker>();
    const geo = L.geoJSON(boundaries as GeoJSON.FeatureCollection, {
      style: () => polygonStyle(undefined, palette),
      onEachFeature: (feature, layer) => {
        const code = (feature.properties as { code: string }).code;
        const path = layer as L.Path;
        polygons.set(code, path);
        path.bindTooltip(() => tooltip(code), {
          sticky: true,
          direction: 'top',
          className: 'kel-tooltip',
          opacity: 1,
        });
        path.on('click', () => open(code));
        path.on('mouseover', () => path.getElement()?.classList.add('is-hover'));
        path.on('mouseout', () => path.getElement()?.classList.remove('is-hover'));
      },
    });
    // A map draws its layers only once it has a view: set it first, then add them.
    const bounds = geo.getBounds();
    map.fitBounds(bounds.isValid() ? bounds : L.latLngBounds([-3.05, 104.65], [-2.85, 104.85]), {
      animate: false,
    });
    geo.addTo(map);

    const svg = el.querySelector('.leaflet-overlay-pane svg') as SVGSVGElement | null;
    if (svg) ensureHatch(svg, palette);
    for (const [code, path] of polygons) {
      const e = path.getElement();
      e?.classList.add('kel-polygon');
      e?.setAttribute('data-code', code);
    }

    // Status markers under the names, names on top, tooltips (650) above both; none takes the pointer.
    for (const [name, z] of [
      ['markers', '620'],
      ['labels', '630'],
    ] as const) {
      const pane = map.createPane(name);
      pane.style.pointerEvents = 'none';
      pane.style.zIndex = z;
    }
    const labelMarkers = labels.map((l) =>
      L.marker([l.lat, l.lng], {
        pane: 'labels',
        interactive: false,
        keyboard: false,
        icon: L.divIcon({
          className: 'map-label',
          html: `<span>${escapeHtml(l.text)}</span>`,
          iconSize: undefined,
        }),
      }).addTo(map),
    );
    const tidyLabels = () =>
      declutter(labelMarkers.map((m) => m.getElement()).filter((e): e is HTMLElement => e !== undefined));

    const shown = new Map<string, OfficeStatus | undefined>();
    const restyle = (code: string) => {
      const path = polygons.get(code);
      if (!path) return;
      const status = statusOf(code, summaryOf(code)?.status);
      // Most pushes change counts, not colours: leave the SVG alone then (no repaint of the map).
      if (shown.has(code) && shown.get(code) === status) return;
      shown.set(code, status);
      path.setStyle(polygonStyle(status, palette));
      const e = path.getElement();
      if (e && status) e.setAttribute('data-status', status);
      if (status === 'breach') path.bringToFront();
      const centre = centres.get(code);
      const marker = markers.get(code);
      if (status && MARKED.has(status) && centre) {
        const icon = L.divIcon({
          className: `kel-marker kel-marker--${status}`,
          html: statusIconSvg(status),
          iconSize: undefined,
        });
        if (marker) marker.setIcon(icon);
        else
          markers.set(
            code,
            L.marker([centre.lat, centre.lng], {
              icon,
              interactive: false,
              keyboard: false,
              pane: 'markers',
            }).addTo(map),
          );
      } else if (marker) {
        marker.remove();
        markers.delete(code);
      }
    };
    const restyleAll = () => {
      for (const code of polygons.keys()) restyle(code);
    };
    restyleAll();
    restyleAllRef.current = restyleAll;
    const off = liveStore.subscribeChanges(room, (change) => {
      if (change.all) restyleAll();
      else for (const s of change.items) restyle(s.code);
    });

    const fit = () => {
      map.invalidateSize({ animate: false });
      const b = geo.getBounds();
      if (b.isValid()) map.fitBounds(b, { padding: [12, 12], animate: false });
      tidyLabels();
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    el.dataset.ready = 'true';

    return () => {
      restyleAllRef.current = null;
      off();
      ro.disconnect();
      map.remove();
    };
  }, [room, boundaries, labels, centres, tileUrl, tileAttribution]);

  useEffect(() => restyleAllRef.current?.(), [findings]);

  return <div ref={ref} className="kel-map" data-testid="kelurahan-map" />;
}
