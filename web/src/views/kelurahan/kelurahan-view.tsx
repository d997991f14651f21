import { Suspense, lazy, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RoomName } from '@pkk/core';
import { StatusChip } from '@/components/status/status-chip.tsx';
import { useLiveRoom, useServerNow } from '@/hooks/use-live.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { useLanguage } from '@/hooks/use-language.ts';
import { useMe } from '@/hooks/use-session.ts';
import { inScope, scopeOf } from '@/lib/scope.ts';
import { CamerasPanel } from './cameras-panel.tsx';
import { DesksPanel } from './desks-panel.tsx';
import { DevicesPanel } from './devices-panel.tsx';
import { Panel } from './panels.tsx';
import { QueuePanel } from './queue-panel.tsx';
import { RosterPanel } from './roster-panel.tsx';
import './kelurahan.css';

// uPlot loads with this screen only.
const WaitingChart = lazy(() => import('@/components/chart/waiting-chart.tsx'));

/**
 * One office live: its desks and who is at them, the queue, today's attendance, its devices, the
 * waiting chart, its cameras live (first, so video starts at once), and the place where findings
 * will appear. One column on a phone, the video at the top.
 */
export function KelurahanView({ code, index }: { code: string; index: RegistryIndex }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { lang } = useLanguage();
  const now = useServerNow();
  const entry = index.kelurahan.get(code);
  const scope = scopeOf(useMe());
  // Cameras are asked for only within the account's area: an office outside it is refused below.
  const mine = !!entry && !!scope && inScope(scope, { code, kecamatanCode: entry.kecamatanCode });
  const room = useLiveRoom(entry ? (`kelurahan:${code}` as RoomName) : null);
  const services = useMemo(
    () => new Map(index.registry.services.map((s) => [s.code, lang === 'en' ? s.nameEn : s.name])),
    [index, lang],
  );
  const serviceName = (c: string) => services.get(c) ?? c;
  const detailNow = room?.kind === 'detail' ? room.detail : null;
  // The series ends at the last change; the line runs on to now at the current count.
  const series = useMemo(() => {
    if (!detailNow) return [];
    const pts = detailNow.waitingSeries;
    const last = pts[pts.length - 1];
    return last && now > last[0] ? [...pts, [now, detailNow.summary.waiting] as const] : pts;
  }, [detailNow, now]);

  if (!entry) {
    return <Message title={t('kelurahan.notFound')} body={t('kelurahan.notFoundBody', { code })} />;
  }
  if (room?.kind === 'detail' && room.phase === 'error') {
    const forbidden = room.error?.code === 'forbidden';
    return (
      <Message
        title={forbidden ? t('kelurahan.outOfScope') : t('common.loadFailed')}
        body={forbidden ? t('kelurahan.outOfScopeBody', { name: entry.name }) : (room.error?.message ?? '')}
        testid={forbidden ? 'out-of-scope' : 'load-failed'}
      />
    );
  }
  const detail = room?.kind === 'detail' ? room.detail : null;
  const s = detail?.summary;

  return (
    <div className="kel" data-testid="kelurahan-view" data-code={code} data-status={s?.status ?? 'loading'}>
      <header className="kel__head">
        <div>
          <div className="kel__kecamatan">{t('wall.kecamatanName', { name: entry.kecamatanName })}</div>
          <h1 className="kel__name">{t('wall.kelurahanName', { name: entry.name })}</h1>
          {entry.nameLegacy !== entry.name && (
            <div className="kel__legacy">{t('wall.legacyName', { name: entry.nameLegacy })}</div>
          )}
        </div>
        <div className="kel__status">
          {s && <StatusChip status={s.status} size="lg" />}
          {s && s.reasons.length > 0 && (
            <ul className="kel__reasons">
              {s.reasons.map((r) => (
                <li key={r}>{t(`reason.${r}`)}</li>
              ))}
            </ul>
          )}
          <div className="kel__updated muted small">
            {t('kelurahan.asOf', { time: `${f.time(now)} ${f.zoneLabel}` })}
          </div>
        </div>
      </header>

      {/* Video first: it starts while the office's live data is still on its way. */}
      {mine && <CamerasPanel code={code} kelurahanName={entry.name} />}

      {!detail || !s ? (
        <div className="kel__loading">
          <div className="spinner" />
          {t('common.loading')}
        </div>
      ) : (
        <div className="kel__grid">
          <div className="kel__staff-kpis">
            <div data-testid="kpi-staff">
              <span className="kpis__label">{t('counters.staff')}</span>
              <span className="kpis__value num">
                {s.staffPresent}
                <small>/{s.staffExpected}</small>
              </span>
            </div>
            <div>
              <span className="kpis__label">{t('counters.late')}</span>
              <span className="kpis__value num">{s.staffLate}</span>
            </div>
            <div>
              <span className="kpis__label">{t('counters.desksOpen')}</span>
              <span className="kpis__value num">
                {s.desksOpen}
                <small>/{s.desksTotal}</small>
              </span>
            </div>
            <div>
              <span className="kpis__label">{t('kelurahan.devicesOnline')}</span>
              <span className="kpis__value num">
                {s.devicesOnline}
                <small>/{s.devicesTotal}</small>
              </span>
            </div>
          </div>
          <QueuePanel summary={s} services={detail.services} now={now} serviceName={serviceName} />
          <DesksPanel desks={detail.desks} serviceName={serviceName} />
          <Panel id="chart" title={t('kelurahan.chart')} className="panel--chart">
            <Suspense fallback={<div className="chart-placeholder muted">{t('common.loading')}</div>}>
              <WaitingChart series={series} zone={f.zone} label={t('counters.waiting')} formatTime={f.time} />
            </Suspense>
          </Panel>
          <RosterPanel roster={detail.roster} />
          <DevicesPanel devices={detail.devices} />
          <Panel id="findings" title={t('kelurahan.findings')} className="panel--soon">
            <div className="soon">{t('kelurahan.findingsSoon')}</div>
          </Panel>
        </div>
      )}
    </div>
  );
}

function Message({ title, body, testid }: { title: string; body: string; testid?: string }) {
  const { t } = useTranslation();
  return (
    <div className="kel kel--message" data-testid={testid}>
      <h1>{title}</h1>
      <p>{body}</p>
      <Link className="btn" to="/">
        {t('nav.back')}
      </Link>
    </div>
  );
}
