import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Holiday, HolidaysResponse, Silence } from '@pkk/core';
import { api } from '@/api/endpoints.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { useServerNow } from '@/hooks/use-live.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { outageOf } from '@/lib/silences.ts';
import { epochOfLocal, localDateTime } from '@/lib/time.ts';
import { OutageForm } from './outage-form.tsx';
import { SilenceList } from './silence-list.tsx';

/**
 * The calendar the alerts keep to: office outages and maintenance windows declared as silences of a
 * whole kelurahan (declare one here), and the national holidays and cuti bersama of
 * config/holidays.yaml, on which offices are closed and nothing is detected.
 */
export function CalendarPanel({
  silences,
  index,
  onChanged,
}: {
  silences: readonly Silence[];
  index: RegistryIndex;
  onChanged: (s: Silence) => void;
}) {
  const { t } = useTranslation();
  const outages = silences.filter((s) => outageOf(s) !== null);
  return (
    <div className="sil__body">
      <section className="sil__col" aria-labelledby="outages-title">
        <h2 id="outages-title">{t('silences.calendar.outages')}</h2>
        <p className="sil__intro">{t('silences.calendar.intro')}</p>
        <OutageForm index={index} onCreated={onChanged} />
        <div data-testid="outages">
          <SilenceList
            items={outages}
            index={index}
            onChanged={onChanged}
            empty={t('silences.calendar.noOutages')}
          />
        </div>
      </section>
      <HolidayList />
    </div>
  );
}

function HolidayList() {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useServerNow();
  const [data, setData] = useState<HolidaysResponse | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api.holidays().then(setData, () => setFailed(true));
  }, []);
  const today = localDateTime(now, f.zone).date;
  const upcoming = data?.items.filter((h) => h.date >= today) ?? [];
  const past = data?.items.filter((h) => h.date < today).reverse() ?? [];
  return (
    <section className="sil__col" aria-labelledby="holidays-title" data-testid="holidays">
      <h2 id="holidays-title">{t('silences.calendar.holidays')}</h2>
      {failed ? (
        <p className="sil__note">{t('common.loadFailed')}</p>
      ) : !data ? (
        <div className="sil__note">
          <div className="spinner" />
          {t('common.loading')}
        </div>
      ) : !data.items.length ? (
        <p className="sil__note">{t('silences.calendar.noHolidays')}</p>
      ) : (
        <>
          <ul className="hol-list" data-testid="holidays-upcoming">
            {upcoming.map((h) => (
              <HolidayRow
                key={`${h.date}-${h.name}`}
                holiday={h}
                when={h.date === today ? 'today' : h.date === upcoming[0]?.date ? 'next' : 'later'}
              />
            ))}
          </ul>
          {past.length > 0 && (
            <details className="hol-past">
              <summary>{t('silences.calendar.pastCount', { count: past.length })}</summary>
              <ul className="hol-list">
                {past.map((h) => (
                  <HolidayRow key={`${h.date}-${h.name}`} holiday={h} when="past" />
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      {data && (
        <p className="sil__source">{t('silences.calendar.holidaysSource', { source: data.source })}</p>
      )}
    </section>
  );
}

/** One day off: its date in words, its name, national holiday or cuti bersama; the next one marked. */
function HolidayRow({ holiday: h, when }: { holiday: Holiday; when: 'today' | 'next' | 'later' | 'past' }) {
  const { t } = useTranslation();
  const f = useFormat();
  const at = epochOfLocal(h.date, '12:00', f.zone) ?? 0;
  return (
    <li className={`hol hol--${when}`} data-testid="holiday" data-date={h.date}>
      <time dateTime={h.date} className="hol__date">
        {f.date(at)}
      </time>
      <span className="hol__name">{h.name}</span>
      <span className="hol__tags">
        <span className={`sil-badge hol__kind--${h.kind}`}>{t(`silences.calendar.kind.${h.kind}`)}</span>
        {when === 'next' && (
          <span className="sil-badge sil-badge--active">{t('silences.calendar.next')}</span>
        )}
        {when === 'today' && (
          <span className="sil-badge sil-badge--active">{t('silences.calendar.today')}</span>
        )}
      </span>
    </li>
  );
}
