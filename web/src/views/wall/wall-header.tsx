import { useTranslation } from 'react-i18next';
import { ConnectionPill } from '@/components/layout/connection-banner.tsx';
import { useFormat } from '@/hooks/use-format.ts';

/** Title, the date and time in WIB (server time: simulated in a demo), and the live state. */
export function WallHeader({ title, now }: { title: string; now: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <header className="wall-header">
      <div className="wall-header__brand">
        <img src="/icons/icon.svg" alt="" width="40" height="40" />
        <div>
          <div className="wall-header__app">{t('app.name')}</div>
          <h1 className="wall-header__title">{title}</h1>
        </div>
      </div>
      <div className="wall-header__right">
        <div className="wall-header__date">{f.date(now)}</div>
        <div className="wall-header__clock num" data-testid="wall-clock">
          {f.time(now)} <small>{f.zoneLabel}</small>
        </div>
        <ConnectionPill />
      </div>
    </header>
  );
}
