import { useEffect, useEffectEvent, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface WaitingChartProps {
  /** [epoch ms, citizens waiting], oldest first. */
  series: readonly (readonly [number, number])[];
  zone: string;
  label: string;
  /** Axis label of an instant (HH:mm in the zone). */
  formatTime: (epochMs: number) => string;
  /** Colour of the line, a CSS colour. */
  stroke?: string;
}

function toData(series: WaitingChartProps['series']): uPlot.AlignedData {
  return [series.map((p) => p[0] / 1000), series.map((p) => p[1])];
}

/**
 * Citizens waiting through the day (uPlot: small, fast, canvas). Built once; live points only call
 * setData. Time labels are in the offices' zone, not the device's.
 */
export default function WaitingChart({
  series,
  zone,
  label,
  formatTime,
  stroke = '#1d4ed8',
}: WaitingChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const timeLabel = useEffectEvent((s: number) => formatTime(s * 1000));

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const css = getComputedStyle(el);
    const axis = {
      stroke: css.color,
      grid: { stroke: 'rgba(128,128,128,0.18)', width: 1 },
      ticks: { stroke: 'rgba(128,128,128,0.3)', width: 1 },
    };
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: Math.max(140, el.clientHeight || 200),
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), zone),
        legend: { show: false },
        cursor: { y: false, points: { size: 8 } },
        scales: {
          x: { time: true },
          y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] },
        },
        axes: [
          { ...axis, values: (_u, splits) => splits.map(timeLabel) },
          { ...axis, size: 40 },
        ],
        // The count holds until it changes: a step line, not a slope between samples.
        series: [
          {},
          {
            label,
            stroke,
            width: 2.5,
            fill: `${stroke}22`,
            points: { show: false },
            paths: uPlot.paths.stepped!({ align: 1 }),
          },
        ],
      },
      [[], []],
      el,
    );
    plot.current = u;
    const ro = new ResizeObserver(() =>
      u.setSize({ width: Math.max(200, el.clientWidth), height: Math.max(140, el.clientHeight || 200) }),
    );
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [zone, label, stroke]);

  // Declared after the effect that builds the plot, so on mount it runs second and fills it.
  useEffect(() => {
    plot.current?.setData(toData(series));
  }, [series, zone, label, stroke]);

  return <div ref={host} className="waiting-chart" data-testid="waiting-chart" data-points={series.length} />;
}
