import { useTranslation } from 'react-i18next';
import { liveClient } from '@/api/live/index.ts';
import { useConnection } from '@/hooks/use-live.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { useRealNow } from '@/hooks/use-real-now.ts';

/**
 * Says plainly when live data stopped: "Terputus — data 2 menit yang lalu", and when the next attempt
 * is. Shown once the link is down (not during the first connect, which a spinner covers).
 */
export function ConnectionBanner({ variant = 'page' }: { variant?: 'page' | 'wall' }) {
  const { t } = useTranslation();
  const c = useConnection();
  const now = useRealNow();
  const f = useFormat();
  const down = c.status === 'offline' || (c.status === 'connecting' && c.currentAt !== null);
  if (!down) return null;
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

/** A small live/offline pill for headers. */
export function ConnectionPill() {
  const { t } = useTranslation();
  const c = useConnection();
  const state = c.status === 'online' ? 'online' : c.status === 'idle' ? 'idle' : 'offline';
  return (
    <span className={`conn-pill conn-pill--${state}`} data-testid="connection-pill" data-state={c.status}>
      <span className="conn-pill__dot" aria-hidden="true" />
      {t(`connection.pill.${c.status}`)}
    </span>
  );
}
