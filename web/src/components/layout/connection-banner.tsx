import { useTranslation } from 'react-i18next';
import { liveClient } from '@/api/live/index.ts';
import type { Readiness } from '@/api/readiness.ts';
import { useConnection, useReadiness } from '@/hooks/use-live.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { useRealNow } from '@/hooks/use-real-now.ts';

/**
 * Says plainly when live data stopped: "Terputus — data 2 menit yang lalu", and when the next attempt
 * is. Shown once the link is down (not during the first connect, which a spinner covers). With the
 * link up, the api may still have lost Redis or PostgreSQL (its /readyz says so): then live data is
 * late, and the banner says since when, in WIB, until both answer again.
 */
export function ConnectionBanner({ variant = 'page' }: { variant?: 'page' | 'wall' }) {
  const { t } = useTranslation();
  const c = useConnection();
  const ready = useReadiness();
  const now = useRealNow();
  const f = useFormat();
  const down = c.status === 'offline' || (c.status === 'connecting' && c.currentAt !== null);
  if (!down) return ready.status === 'degraded' ? <ServiceBanner variant={variant} ready={ready} /> : null;
  const age = c.currentAt === null ? null : now - c.currentAt;
  const retryIn = c.nextRetryAt === null ? null : Math.max(0, Math.ceil((c.nextRetryAt - now) / 1000));
  return (
    <div className={`conn-banner conn-banner--${variant}`} role="alert" data-testid="connection-banner">
      <strong>
        {age === null
          ? t('connection.lost')
          : age < 10_000
            ? t('connection.lostJustNow')
            : t('connection.lostWithAge', { ago: f.ago(age) })}
      </strong>
      <span className="conn-banner__retry">
        {c.status === 'connecting' || retryIn === null
          ? t('connection.reconnecting')
          : t('connection.retryIn', { s: retryIn })}
      </span>
      {variant === 'page' && c.status === 'offline' && (
        <button
          type="button"
          className="btn btn--ghost conn-banner__btn"
          onClick={() => liveClient().reconnectNow()}
        >
          {t('connection.retryNow')}
        </button>
      )}
    </div>
  );
}

/** "Layanan langsung terputus — data mungkin tertunda sejak 10:05 WIB", and what does not answer. */
function ServiceBanner({ variant, ready }: { variant: 'page' | 'wall'; ready: Readiness }) {
  const { t } = useTranslation();
  const f = useFormat();
  const what = ready.down.map((d) => t(`connection.dependency.${d}`, { defaultValue: d })).join(', ');
  return (
    <div
      className={`conn-banner conn-banner--${variant}`}
      role="alert"
      data-testid="service-banner"
      data-down={ready.down.join(' ')}
    >
      <strong>{t('connection.degraded', { time: f.time(ready.since ?? 0), zone: f.zoneLabel })}</strong>
      <span className="conn-banner__retry">{t('connection.degradedWhat', { what })}</span>
    </div>
  );
}

/** A small live/offline pill for headers: "Tertunda" while the link is up but the api's Redis or PostgreSQL is not. */
export function ConnectionPill() {
  const { t } = useTranslation();
  const c = useConnection();
  const ready = useReadiness();
  const delayed = c.status === 'online' && ready.status === 'degraded';
  const state = delayed
    ? 'offline'
    : c.status === 'online'
      ? 'online'
      : c.status === 'idle'
        ? 'idle'
        : 'offline';
  return (
    <span
      className={`conn-pill conn-pill--${state}`}
      data-testid="connection-pill"
      data-state={delayed ? 'degraded' : c.status}
    >
      <span className="conn-pill__dot" aria-hidden="true" />
      {t(delayed ? 'connection.pill.degraded' : `connection.pill.${c.status}`)}
    </span>
  );
}
