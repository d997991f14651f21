import { Suspense, lazy, useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { KelurahanSummary } from '@pkk/core';
import { ConnectionBanner } from '@/components/layout/connection-banner.tsx';
import { LanguageSwitch } from '@/components/layout/language-switch.tsx';
import type { MapLabel } from '@/components/map/kelurahan-map.tsx';
import { useOpenFindings } from '@/hooks/use-findings.ts';
import { useKiosk } from '@/hooks/use-kiosk.ts';
import { useServerNow } from '@/hooks/use-live.ts';
import { useBoundaries, type RegistryIndex } from '@/hooks/use-registry.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { useScopeSummaries } from '@/hooks/use-scope.ts';
import { findingsByOffice, statusWithFindings, summariesWithFindings } from '@/lib/finding-status.ts';
import { inScope } from '@/lib/scope.ts';
import { longestWaitMs } from '@/lib/status.ts';
import { AreaStrip } from './area-strip.tsx';
import { CityCounters } from './city-counters.tsx';
import { EventTicker } from './event-ticker.tsx';
import { StatusLegend } from './status-legend.tsx';
import { WallHeader } from './wall-header.tsx';
import './wall.css';

// Leaflet is big: it loads with the map, never with the phone view.
const KelurahanMap = lazy(() => import('@/components/map/kelurahan-map.tsx'));

const TILE_URL = import.meta.env.VITE_MAP_TILE_URL as string | undefined;

/**
 * The command-center wall: the map coloured by live status, the counters, a strip per area and the
 * ticker, filling the screen without scrolling (kiosk), in the dark theme, scaled to the viewport.
 */
export function WallView({ index }: { index: RegistryIndex }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = useFormat();
  const { idle } = useKiosk();
  const now = useServerNow();
  const live = useScopeSummaries();
  const boundaries = useBoundaries();
  const scope = live.scope;
  // Open findings colour the offices too (critical: breach, warning: attention), live from the socket.
  const openFindings = useOpenFindings(scope?.room ?? null);
  const byOffice = useMemo(() => findingsByOffice(openFindings?.items ?? []), [openFindings]);
  const items = useMemo(() => summariesWithFindings(live.items, byOffice), [live.items, byOffice]);

  const scoped = useMemo(() => {
    if (boundaries.status !== 'ready' || !scope) return null;
    const features = boundaries.value.features.filter((ft) => {
      const k = index.kelurahan.get(ft.properties.code);
      return k !== undefined && inScope(scope, k);
    });
    return { ...boundaries.value, features };
  }, [boundaries, scope, index]);

  const labels = useMemo<MapLabel[]>(() => {
    if (!scope) return [];
    if (scope.kind === 'city')
      return index.registry.kecamatan.map((k) => ({ text: k.name, lat: k.lat, lng: k.lng }));
    return index.registry.kelurahan
      .filter((k) => inScope(scope, k))
      .map((k) => ({ text: k.name, lat: k.lat, lng: k.lng }));
  }, [scope, index]);

  const centres = useMemo(
    () => new Map(index.registry.kelurahan.map((k) => [k.code, { lat: k.lat, lng: k.lng }])),
    [index],
  );

  const describe = useCallback(
    (code: string, s: KelurahanSummary | undefined): string[] => {
      const k = index.kelurahan.get(code);
      const lines = [k ? t('wall.kelurahanName', { name: k.name }) : code];
      if (k && k.nameLegacy !== k.name) lines.push(t('wall.legacyName', { name: k.nameLegacy }));
      if (k) lines.push(t('wall.kecamatanName', { name: k.kecamatanName }));
      if (s) {
        lines.push(
          t(`status.${statusWithFindings(s.status, byOffice.get(code))}`) +
            (s.reasons.length ? ` — ${s.reasons.map((r) => t(`reason.${r}`)).join(', ')}` : ''),
        );
        const wait = s.waiting
          ? t('wall.tipWaitingLongest', { n: s.waiting, wait: f.duration(longestWaitMs(s, now)) })
          : t('wall.tipNobodyWaiting');
        lines.push(wait);
        const open = byOffice.get(code);
        if (open) lines.push(t('wall.tipFindings', { count: open.open, critical: open.critical }));
        lines.push(
          t('wall.tipStaff', {
            present: s.staffPresent,
            expected: s.staffExpected,
            open: s.desksOpen,
            total: s.desksTotal,
          }),
        );
      }
      return lines;
    },
    [index, t, f, now, byOffice],
  );

  const open = useCallback((code: string) => navigate(`/kelurahan/${code}`), [navigate]);

  const title =
    scope?.kind === 'kecamatan'
      ? t('wall.titleKecamatan', {
          name: index.kecamatan.get(scope.kecamatanCode)?.name ?? scope.kecamatanCode,
        })
      : scope?.kind === 'kelurahan'
        ? t('wall.kelurahanName', { name: index.nameOf(scope.kelurahanCode) })
        : t('app.city');

  return (
    <div className={`wall theme-dark${idle ? ' is-idle' : ''}`} data-testid="wall" data-phase={live.phase}>
      <WallHeader title={title} now={now} />
      <div className="wall-banner">
        <ConnectionBanner variant="wall" />
      </div>
      <main className="wall-main">
        <section className="wall-map" aria-label={t('wall.map')}>
          {scoped && scope ? (
            <Suspense fallback={<div className="wall-map__loading">{t('common.loading')}</div>}>
              <KelurahanMap
                room={scope.room}
                boundaries={scoped}
                labels={labels}
                centres={centres}
                describe={describe}
                findings={byOffice}
                onOpen={open}
                tileUrl={index.registry.map?.tileUrl ?? TILE_URL ?? null}
                tileAttribution={index.registry.map?.attribution ?? null}
              />
            </Suspense>
          ) : (
            <div className="wall-map__loading">
              {boundaries.status === 'error' ? t('common.loadFailed') : t('common.loading')}
            </div>
          )}
          <StatusLegend items={items} />
        </section>
        <aside className="wall-side">
          <CityCounters items={items} now={now} nameOf={index.nameOf} />
          {scope && <EventTicker room={scope.room} nameOf={index.nameOf} />}
        </aside>
      </main>
      <AreaStrip items={items} index={index} by={scope?.kind === 'city' ? 'kecamatan' : 'kelurahan'} />
      <nav className="wall-menu" aria-label={t('nav.label')}>
        <Link className="btn btn--ghost" to="/">
          {t('nav.home')}
        </Link>
        <button type="button" className="btn btn--ghost" onClick={() => void toggleFullscreen()}>
          {t('wall.fullscreen')}
        </button>
        <LanguageSwitch />
      </nav>
    </div>
  );
}

async function toggleFullscreen(): Promise<void> {
  if (document.fullscreenElement) await document.exitFullscreen();
  else await document.documentElement.requestFullscreen().catch(() => undefined);
}
