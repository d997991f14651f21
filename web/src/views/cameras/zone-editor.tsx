import { useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Camera, DeskZone } from '@pkk/core';
import { cameraApi, snapshotSrc } from '@/api/cameras.ts';
import { camerasStore } from '@/api/cameras-store.ts';
import { useFormat } from '@/hooks/use-format.ts';
import {
  clickPoint,
  deskId,
  svgPoints,
  toPoint,
  zonesProblem,
  MAX_ZONES,
  MIN_POINTS,
  type Point,
} from '@/lib/video/zones.ts';

/**
 * Desk zones drawn on the camera's latest snapshot: click points, close the polygon on its first
 * point (or with the button), name its desk, save (PUT zones). Points are fractions of the image.
 */
export function ZoneEditor({ camera }: { camera: Camera }) {
  const { t } = useTranslation();
  const f = useFormat();
  const img = useRef<HTMLDivElement>(null);
  const [zones, setZones] = useState<DeskZone[]>(camera.zones);
  const [drawing, setDrawing] = useState<Point[]>([]);
  const [desk, setDesk] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const src = snapshotSrc(camera);

  const close = (points: Point[]) => {
    const id = deskId(desk) || `loket-${zones.length + 1}`;
    setZones((z) => [...z.filter((x) => x.desk !== id), { desk: id, polygon: points }]);
    setDrawing([]);
    setDesk('');
    setMessage(null);
  };

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const p = toPoint(e.clientX - box.left, e.clientY - box.top, box.width, box.height);
    const r = clickPoint(drawing, p);
    if (r.kind === 'add') setDrawing(r.points);
    else if (r.kind === 'close') close(r.points);
    else setMessage({ kind: 'error', text: t('cameras.zones.full') });
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') setDrawing([]);
    if (e.key === 'Backspace') setDrawing((d) => d.slice(0, -1));
    if (e.key === 'Enter' && drawing.length >= MIN_POINTS) close(drawing);
  };

  const save = async () => {
    const problem = zonesProblem(zones);
    if (problem) return setMessage({ kind: 'error', text: t(`cameras.zones.problems.${problem}`) });
    setBusy(true);
    try {
      await cameraApi.saveZones(camera.id, zones);
      camerasStore.invalidate();
      setMessage({ kind: 'ok', text: t('cameras.zones.saved') });
    } catch (err) {
      setMessage({ kind: 'error', text: `${t('cameras.errors.save')} (${(err as Error).message})` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="zone-editor" aria-labelledby="zones-title" data-testid="zone-editor">
      <h3 id="zones-title">{t('cameras.zones.title', { name: camera.name })}</h3>
      <p className="muted small" id="zones-help">
        {t('cameras.zones.help')}
      </p>
      <div
        ref={img}
        className="zone-editor__canvas"
        onClick={onClick}
        onKeyDown={onKey}
        tabIndex={0}
        role="application"
        aria-label={t('cameras.zones.canvas')}
        aria-describedby="zones-help"
        data-testid="zone-canvas"
      >
        {src ? (
          <img src={src} alt="" draggable={false} />
        ) : (
          <div className="zone-editor__none">{t('video.noSnapshot')}</div>
        )}
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true">
          {zones.map((z) => (
            <g key={z.desk}>
              <polygon className="zone-editor__zone" points={svgPoints(z.polygon, W, H)} data-desk={z.desk} />
            </g>
          ))}
          {drawing.length > 0 && (
            <polyline className="zone-editor__drawing" points={svgPoints(drawing, W, H)} />
          )}
          {drawing.map(([x, y], i) => (
            <circle key={i} cx={x * W} cy={y * H} r={i === 0 ? 0.2 : 0.13} className="zone-editor__point" />
          ))}
        </svg>
        {zones.map((z) => {
          const [cx, cy] = centroid(z.polygon);
          return (
            <span
              key={z.desk}
              className="zone-editor__tag"
              style={{ left: `${cx * 100}%`, top: `${cy * 100}%` }}
            >
              {z.desk}
            </span>
          );
        })}
      </div>
      {camera.snapshotAt !== null && (
        <p className="muted small">
          {t('video.snapshotAt', { time: `${f.time(camera.snapshotAt)} ${f.zoneLabel}` })}
        </p>
      )}
      <div className="zone-editor__bar">
        <label>
          <span>{t('cameras.zones.desk')}</span>
          <input
            value={desk}
            onChange={(e) => setDesk(e.target.value)}
            placeholder="loket-1"
            maxLength={40}
            data-testid="zone-desk"
          />
        </label>
        <button
          type="button"
          className="btn"
          disabled={drawing.length < MIN_POINTS}
          onClick={() => close(drawing)}
          data-testid="zone-close"
        >
          {t('cameras.zones.close', { n: drawing.length })}
        </button>
        <button
          type="button"
          className="btn btn--ghost"
          disabled={!drawing.length}
          onClick={() => setDrawing([])}
        >
          {t('cameras.zones.discard')}
        </button>
      </div>
      <ul className="zone-editor__list" data-testid="zone-list">
        {zones.map((z) => (
          <li key={z.desk} data-testid="zone-item" data-desk={z.desk}>
            <span>
              <strong>{z.desk}</strong> · {t('cameras.zones.points', { n: z.polygon.length })}
            </span>
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => setZones((all) => all.filter((x) => x.desk !== z.desk))}
              aria-label={t('cameras.zones.remove', { desk: z.desk })}
            >
              {t('cameras.zones.removeShort')}
            </button>
          </li>
        ))}
        {!zones.length && <li className="muted">{t('cameras.zones.none')}</li>}
      </ul>
      <div className="zone-editor__bar">
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => void save()}
          disabled={busy || zones.length > MAX_ZONES}
          data-testid="zone-save"
        >
          {t('cameras.zones.save')}
        </button>
        {message && (
          <span
            role={message.kind === 'error' ? 'alert' : 'status'}
            className={`zone-editor__msg zone-editor__msg--${message.kind}`}
            data-testid="zone-message"
          >
            {message.text}
          </span>
        )}
      </div>
    </section>
  );
}

/** The canvas is 16:9: drawing in 16x9 units keeps circles round and strokes even. */
const W = 16;
const H = 9;

function centroid(points: readonly Point[]): Point {
  const n = points.length || 1;
  return [points.reduce((s, p) => s + p[0], 0) / n, points.reduce((s, p) => s + p[1], 0) / n];
}
