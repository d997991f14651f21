import { useTranslation } from 'react-i18next';
import type { KelurahanSummary, ServiceLive } from '@pkk/core';
import { DurationValue } from '@/components/common/duration.tsx';
import { useFormat } from '@/hooks/use-format.ts';
import { longestWaitMs } from '@/lib/status.ts';
import { Panel } from './panels.tsx';

/** The queue now: waiting, the longest wait, served today, and the same per service. */
export function QueuePanel({
  summary,
  services,
  now,
  serviceName,
}: {
  summary: KelurahanSummary;
  services: ServiceLive[];
  now: number;
  serviceName: (code: string) => string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Panel id="queue" title={t('kelurahan.queue')}>
      <div className="kpis">
        <div data-testid="kpi-waiting">
          <span className="kpis__label">{t('counters.waiting')}</span>
          <span className="kpis__value num">{f.num(summary.waiting)}</span>
        </div>
        <div data-testid="kpi-longest">
          <span className="kpis__label">{t('counters.longestWait')}</span>
          <span className="kpis__value num">
            {summary.waiting ? <DurationValue ms={longestWaitMs(summary, now)} /> : '–'}
          </span>
        </div>
        <div data-testid="kpi-served">
          <span className="kpis__label">{t('kelurahan.servedToday')}</span>
          <span className="kpis__value num">{f.num(summary.servedToday)}</span>
        </div>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('kelurahan.service')}</th>
            <th scope="col" className="r">
              {t('kelurahan.waitingShort')}
            </th>
            <th scope="col" className="r">
              {t('kelurahan.longestShort')}
            </th>
            <th scope="col" className="r">
              {t('kelurahan.servedShort')}
            </th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.code} data-service={s.code}>
              <th scope="row">{serviceName(s.code)}</th>
              <td className="r num">{s.waiting}</td>
              <td className="r num">{s.waiting ? f.duration(longestWaitMs(s, now)) : '–'}</td>
              <td className="r num">{s.servedToday}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
