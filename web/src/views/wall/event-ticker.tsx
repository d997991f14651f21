import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomName } from '@pkk/core';
import { StatusIcon } from '@/components/status/status-icon.tsx';
import { useFormat } from '@/hooks/use-format.ts';
import { useTicker } from '@/hooks/use-live.ts';
import { kindOf } from '@/lib/finding-summary.ts';
import type { TickerEntry } from '@/lib/ticker.ts';

function useWording() {
  const { t, i18n } = useTranslation();
  return (e: TickerEntry, name: string): string => {
    switch (e.kind) {
      case 'status':
        return t('ticker.status', { name, to: t(`status.${e.to}`) });
      case 'waiting':
        return e.waiting === 0
          ? t('ticker.waitingNone', { name })
          : t('ticker.waiting', { name, count: e.waiting });
      case 'staff':
        return t('ticker.staff', { name, present: e.present, expected: e.expected });
      case 'devices':
        return e.offline === 0
          ? t('ticker.devicesAllOnline', { name })
          : t('ticker.devices', { name, count: e.offline });
      case 'desks':
        return t('ticker.desks', { name, open: e.open, total: e.total });
      case 'finding':
        return t('ticker.finding', { name, what: kindOf(e.finding, i18n.language) });
    }
  };
}

/** One entry; entries never change, so each renders once. */
const TickerItem = memo(function TickerItem({ entry, name }: { entry: TickerEntry; name: string }) {
  const f = useFormat();
  const word = useWording();
  return (
    <li className={`ticker__item ticker__item--${entry.status}`} data-kind={entry.kind}>
      <time className="num">{f.time(entry.at)}</time>
      <StatusIcon status={entry.status} />
      <span className="ticker__text">{word(entry, name)}</span>
    </li>
  );
});

/** The latest changes, newest first. Alerts will join this feed when they exist. */
export function EventTicker({
  room,
  nameOf,
  max = 14,
}: {
  room: RoomName;
  nameOf: (code: string) => string;
  max?: number;
}) {
  const { t } = useTranslation();
  const entries = useTicker(room);
  return (
    <section className="ticker" aria-label={t('ticker.title')} data-testid="ticker">
      <h2 className="panel-title">{t('ticker.title')}</h2>
      {entries.length === 0 ? (
        <p className="ticker__empty">{t('ticker.empty')}</p>
      ) : (
        <ol aria-live="off">
          {entries.slice(0, max).map((e) => (
            <TickerItem key={e.id} entry={e} name={nameOf(e.code)} />
          ))}
        </ol>
      )}
    </section>
  );
}
