import { useTranslation } from 'react-i18next';
import type { KecamatanInfo } from '@/api/endpoints.ts';
import { GRID_SIZES, ROTATE_INTERVALS_S, type GridSize } from '@/lib/video/rotation.ts';

export interface WallSettings {
  grid: GridSize;
  rotateS: number;
  kecamatan: string;
  follow: boolean;
}

/** The wall's controls: grid size, rotation interval, kecamatan, follow alerts, and the pages. */
export function WallControls({
  settings,
  onChange,
  kecamatan,
  page,
  pages,
  onPage,
  paused,
}: {
  settings: WallSettings;
  onChange: (s: Partial<WallSettings>) => void;
  /** Choosable kecamatan (empty for a camat, whose area is fixed). */
  kecamatan: readonly KecamatanInfo[];
  page: number;
  pages: number;
  onPage: (p: number) => void;
  paused: boolean;
}) {
  const { t } = useTranslation();
  return (
    <section className="vwall-controls" aria-label={t('videoWall.controls')}>
      <div className="vwall-controls__group" role="group" aria-label={t('videoWall.grid')}>
        {GRID_SIZES.map((g) => (
          <button
            key={g}
            type="button"
            className="btn btn--ghost"
            aria-pressed={settings.grid === g}
            onClick={() => onChange({ grid: g })}
            data-testid={`grid-${g}`}
          >
            {g}×{g}
          </button>
        ))}
      </div>
      <label className="vwall-controls__field">
        <span>{t('videoWall.rotate')}</span>
        <select
          value={settings.rotateS}
          onChange={(e) => onChange({ rotateS: Number(e.target.value) })}
          data-testid="rotate-interval"
        >
          {ROTATE_INTERVALS_S.map((s) => (
            <option key={s} value={s}>
              {s ? t('videoWall.everySeconds', { s }) : t('videoWall.rotateOff')}
            </option>
          ))}
        </select>
      </label>
      {kecamatan.length > 0 && (
        <label className="vwall-controls__field">
          <span>{t('videoWall.kecamatan')}</span>
          <select
            value={settings.kecamatan}
            onChange={(e) => onChange({ kecamatan: e.target.value })}
            data-testid="kecamatan-filter"
          >
            <option value="">{t('videoWall.allKecamatan')}</option>
            {kecamatan.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="button"
        className="btn btn--ghost vwall-controls__follow"
        aria-pressed={settings.follow}
        onClick={() => onChange({ follow: !settings.follow })}
        data-testid="follow-alerts"
      >
        <span aria-hidden="true">⚑</span> {t('videoWall.follow')}
      </button>
      <div className="vwall-controls__pages" role="group" aria-label={t('videoWall.pages')}>
        <button
          type="button"
          className="btn btn--ghost"
          onClick={() => onPage(page - 1)}
          disabled={pages < 2}
          aria-label={t('videoWall.prevPage')}
          data-testid="page-prev"
        >
          ‹
        </button>
        <span
          className="num"
          data-testid="page-indicator"
          data-page={page}
          data-pages={pages}
          aria-live="polite"
        >
          {t('videoWall.pageOf', { page: page + 1, pages })}
          {paused && settings.rotateS > 0 && pages > 1 ? ` · ${t('videoWall.paused')}` : ''}
        </span>
        <button
          type="button"
          className="btn btn--ghost"
          onClick={() => onPage(page + 1)}
          disabled={pages < 2}
          aria-label={t('videoWall.nextPage')}
          data-testid="page-next"
        >
          ›
        </button>
      </div>
    </section>
  );
}
