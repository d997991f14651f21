import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KelurahanSummary } from '@pkk/core';
import { DurationValue } from '@/components/common/duration.tsx';
import { StatusIcon } from '@/components/status/status-icon.tsx';
import { useFormat } from '@/hooks/use-format.ts';
import { totals } from '@/lib/city.ts';

interface Props {
  items: ReadonlyMap<string, KelurahanSummary>;
  now: number;
  nameOf: (code: string) => string;
}

function Counter({
  id,
  label,
  value,
  display,
  sub,
  tone,
  children,
}: {
  id: string;
  label: string;
  value: string;
  display?: ReactNode;
  sub?: ReactNode;
  tone?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`counter${tone ? ` counter--${tone}` : ''}`} data-testid={`counter-${id}`}>
      <div className="counter__label">{label}</div>
      <div className="counter__value num" data-value={value}>
        {display ?? value}
      </div>
      {sub !== undefined && <div className="counter__sub">{sub}</div>}
      {children}
    </div>
  );
}

/** The city (or kecamatan) at a glance, in numbers readable from across the room. */
export function CityCounters({ items, now, nameOf }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const x = totals(items.values(), now);
  const staffPct = x.staffExpected ? Math.round((x.staffPresent / x.staffExpected) * 100) : 0;
  const longest = x.longestWait ? items.get(x.longestWait.code) : undefined;
  return (
    <section className="counters" aria-label={t('wall.counters')}>
      <Counter
        id="staff"
        label={t('counters.staff')}
        value={f.num(x.staffPresent)}
        sub={t('counters.ofExpected', { n: f.num(x.staffExpected), pct: staffPct })}
      >
        <div className="counter__bar" aria-hidden="true">
          <span style={{ width: `${staffPct}%` }} />
        </div>
      </Counter>
      <Counter
        id="waiting"
        label={t('counters.waiting')}
        value={f.num(x.waiting)}
        sub={t('counters.servedToday', { n: f.num(x.servedToday) })}
      />
      <Counter
        id="longest-wait"
        label={t('counters.longestWait')}
        value={x.longestWait ? f.duration(x.longestWait.ms) : '–'}
        display={x.longestWait ? <DurationValue ms={x.longestWait.ms} /> : '–'}
        tone={
          longest?.status === 'breach' ? 'breach' : longest?.status === 'attention' ? 'attention' : undefined
        }
        sub={
          longest ? (
            <span className="counter__where">
              <StatusIcon status={longest.status} />
              {nameOf(longest.code)}
            </span>
          ) : (
            t('counters.nobodyWaiting')
          )
        }
      />
      <Counter
        id="desks"
        label={t('counters.desksOpen')}
        value={f.num(x.desksOpen)}
        sub={t('counters.ofTotal', { n: f.num(x.desksTotal) })}
      />
      <Counter
        id="devices-offline"
        label={t('counters.devicesOffline')}
        value={f.num(x.devicesOffline)}
        tone={x.devicesOffline > 0 ? 'offline' : undefined}
        sub={t('counters.ofDevices', { n: f.num(x.devicesTotal) })}
      />
      <Counter id="late" label={t('counters.late')} value={f.num(x.staffLate)} sub={t('counters.lateSub')} />
    </section>
  );
}
