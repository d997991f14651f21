import { useTranslation } from 'react-i18next';
import type { KelurahanSummary, OfficeStatus } from '@pkk/core';
import { DurationValue } from '@/components/common/duration.tsx';
import { StatusIcon } from '@/components/status/status-icon.tsx';
import { useFormat } from '@/hooks/use-format.ts';
import { totals } from '@/lib/city.ts';
import { STATUS_ORDER } from '@/lib/status.ts';

interface Props {
  items: ReadonlyMap<string, KelurahanSummary>;
  now: number;
  nameOf: (code: string) => string;
  filter: OfficeStatus | null;
  onFilter: (s: OfficeStatus | null) => void;
}

/** The city at a glance for the phone: status counts (tap to filter the list) and the key numbers. */
export function Glance({ items, now, nameOf, filter, onFilter }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const x = totals(items.values(), now);
  const pct = x.staffExpected ? Math.round((x.staffPresent / x.staffExpected) * 100) : 0;
  return (
    <section className="glance" aria-label={t('home.glance')} data-testid="glance">
      <div className="glance__statuses" role="group" aria-label={t('home.filterByStatus')}>
        {STATUS_ORDER.map((s) => (
          <button
            key={s}
            type="button"
            className={`glance__status status-chip--${s}`}
            aria-pressed={filter === s}
            onClick={() => onFilter(filter === s ? null : s)}
            data-testid={`glance-status-${s}`}
          >
            <span className="glance__status-count">
              <StatusIcon status={s} />
              <span className="num">{x.byStatus[s]}</span>
            </span>
            <span className="glance__status-name">{t(`status.${s}`)}</span>
          </button>
        ))}
      </div>
      <dl className="glance__numbers">
        <div data-testid="glance-waiting">
          <dt>{t('counters.waiting')}</dt>
          <dd className="num">{f.num(x.waiting)}</dd>
        </div>
        <div data-testid="glance-longest">
          <dt>{t('counters.longestWait')}</dt>
          <dd className="num">{x.longestWait ? <DurationValue ms={x.longestWait.ms} /> : '–'}</dd>
          {x.longestWait && <dd className="glance__where">{nameOf(x.longestWait.code)}</dd>}
        </div>
        <div data-testid="glance-staff">
          <dt>{t('counters.staff')}</dt>
          <dd className="num">
            {f.num(x.staffPresent)}
            <small>/{f.num(x.staffExpected)}</small>
          </dd>
          <dd className="glance__where">{t('home.staffPct', { pct })}</dd>
        </div>
        <div data-testid="glance-devices">
          <dt>{t('counters.devicesOffline')}</dt>
          <dd className="num">{f.num(x.devicesOffline)}</dd>
          <dd className="glance__where">{t('counters.ofDevices', { n: f.num(x.devicesTotal) })}</dd>
        </div>
      </dl>
    </section>
  );
}
