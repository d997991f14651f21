import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ConnectionBanner } from '@/components/layout/connection-banner.tsx';
import { LanguageSwitch } from '@/components/layout/language-switch.tsx';
import { useCameras } from '@/hooks/use-cameras.ts';
import { useOpenFindings } from '@/hooks/use-findings.ts';
import { useKiosk } from '@/hooks/use-kiosk.ts';
import { useServerNow } from '@/hooks/use-live.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { useRotation } from '@/hooks/use-rotation.ts';
import { useMe } from '@/hooks/use-session.ts';
import { scopeOf } from '@/lib/scope.ts';
import { orderCameras, rankFindings } from '@/lib/video/follow.ts';
import { GRID_SIZES, pageCount, pageItems, ROTATE_INTERVALS_S, type GridSize } from '@/lib/video/rotation.ts';
import { WallHeader } from '@/views/wall/wall-header.tsx';
import { VideoTile } from './video-tile.tsx';
import { WallControls, type WallSettings } from './wall-controls.tsx';
import '@/views/wall/wall.css';
import './video-wall.css';

const EMPTY_FINDINGS = new Map<string, { rank: number; count: number; newest: number }>();

function readSettings(p: URLSearchParams): WallSettings {
  const grid = Number(p.get('grid'));
  const rotate = Number(p.get('rotate'));
  return {
    grid: (GRID_SIZES as readonly number[]).includes(grid) ? (grid as GridSize) : 3,
    rotateS: (ROTATE_INTERVALS_S as readonly number[]).includes(rotate) && p.has('rotate') ? rotate : 20,
    kecamatan: p.get('kecamatan') ?? '',
    follow: p.get('follow') === '1',
  };
}

/**
 * The video wall (`/wall/video`): cameras of the area in a 2x2, 3x3 or 4x4 grid, in pages that turn
 * by themselves (paused while a pointer or the keyboard is on the grid), per kecamatan, and a
 * "follow alerts" mode that puts the cameras of kelurahan with open findings first. Settings live in
 * the URL so a kiosk starts as configured. Only the tiles of the page shown play.
 */
export function VideoWallView({ index }: { index: RegistryIndex }) {
  const { t } = useTranslation();
  const me = useMe();
  const scope = useMemo(() => scopeOf(me), [me]);
  const { idle } = useKiosk();
  const now = useServerNow();
  const [params, setParams] = useSearchParams();
  const settings = readSettings(params);
  const [hover, setHover] = useState(false);
  const [focus, setFocus] = useState(false);

  const fixedKecamatan = scope?.kind === 'kecamatan' ? scope.kecamatanCode : null;
  const cameras = useCameras(
    scope?.kind === 'kelurahan'
      ? { kelurahan: scope.kelurahanCode }
      : fixedKecamatan
        ? { kecamatan: fixedKecamatan }
        : {},
  );
  const findings = useOpenFindings(settings.follow && scope ? scope.room : null);
  const ranks = useMemo(
    () => (findings?.phase === 'ready' ? rankFindings(findings.items) : EMPTY_FINDINGS),
    [findings],
  );

  const ordered = useMemo(() => {
    const items = (cameras?.items ?? []).filter(
      (c) => !settings.kecamatan || c.kecamatanCode === settings.kecamatan,
    );
    return orderCameras(items, { follow: settings.follow, findings: ranks, nameOf: index.nameOf });
  }, [cameras, settings.kecamatan, settings.follow, ranks, index]);

  const paused = hover || focus;
  const [page, setPage] = useRotation(ordered.length, settings.grid, settings.rotateS, paused);
  const pages = pageCount(ordered.length, settings.grid);
  const shown = pageItems(ordered, settings.grid, page);

  const change = useCallback(
    (patch: Partial<WallSettings>) => {
      const next = { ...settings, ...patch };
      const p = new URLSearchParams(params);
      p.set('grid', String(next.grid));
      p.set('rotate', String(next.rotateS));
      if (next.kecamatan) p.set('kecamatan', next.kecamatan);
      else p.delete('kecamatan');
      if (next.follow) p.set('follow', '1');
      else p.delete('follow');
      setParams(p, { replace: true });
      // A new filter or order starts at the first page (the alerts are there).
      if (patch.kecamatan !== undefined || patch.follow !== undefined) setPage(0);
      else if (patch.grid !== undefined)
        setPage(Math.floor((page * settings.grid * settings.grid) / (next.grid * next.grid)));
    },
    [settings, params, setParams, setPage, page],
  );

  const title = fixedKecamatan
    ? t('wall.titleKecamatan', { name: index.kecamatan.get(fixedKecamatan)?.name ?? fixedKecamatan })
    : settings.kecamatan
      ? t('wall.titleKecamatan', {
          name: index.kecamatan.get(settings.kecamatan)?.name ?? settings.kecamatan,
        })
      : t('videoWall.title');

  return (
    <div
      className={`wall vwall theme-dark${idle ? ' is-idle' : ''}`}
      data-testid="video-wall"
      data-phase={cameras?.phase ?? 'loading'}
      data-follow={settings.follow}
      data-grid={settings.grid}
    >
      <WallHeader title={title} now={now} />
      <div className="wall-banner">
        <ConnectionBanner variant="wall" />
      </div>
      <WallControls
        settings={settings}
        onChange={change}
        kecamatan={fixedKecamatan || scope?.kind === 'kelurahan' ? [] : index.registry.kecamatan}
        page={page}
        pages={pages}
        onPage={setPage}
        paused={paused}
      />
      <main
        className="vwall-grid"
        style={{ ['--grid' as string]: settings.grid }}
        aria-label={t('videoWall.grid')}
        data-testid="video-grid"
        onMouseEnter={() => setHover(true)}
        onMouseLeave={() => setHover(false)}
        onFocus={() => setFocus(true)}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocus(false);
        }}
      >
        {cameras?.phase === 'ready' && ordered.length === 0 && (
          <p className="vwall-empty" data-testid="video-wall-empty">
            {t('videoWall.none')}
          </p>
        )}
        {cameras?.phase === 'error' && <p className="vwall-empty">{t('common.loadFailed')}</p>}
        {cameras?.phase === 'loading' && <p className="vwall-empty">{t('common.loading')}</p>}
        {shown.map((c) => (
          <VideoTile
            key={c.id}
            camera={c}
            kelurahanName={index.nameOf(c.kelurahanCode)}
            findings={ranks.get(c.kelurahanCode)?.count ?? 0}
          />
        ))}
      </main>
      <nav className="wall-menu" aria-label={t('nav.label')}>
        <Link className="btn btn--ghost" to="/wall">
          {t('nav.wall')}
        </Link>
        <Link className="btn btn--ghost" to="/">
          {t('nav.home')}
        </Link>
        <LanguageSwitch />
      </nav>
    </div>
  );
}
