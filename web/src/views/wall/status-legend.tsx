import { useTranslation } from 'react-i18next';
import type { KelurahanSummary } from '@pkk/core';
import { StatusIcon } from '@/components/status/status-icon.tsx';
import { STATUS_ORDER, countByStatus } from '@/lib/status.ts';

/** The map's key, with how many offices are in each status right now. */
export function StatusLegend({ items }: { items: ReadonlyMap<string, KelurahanSummary> }) {
  const { t } = useTranslation();
  const counts = countByStatus(items.values());
  return (
    <div className="legend" data-testid="legend">
      <div className="legend__title">{t('legend.title')}</div>
      <ul>
        {STATUS_ORDER.map((s) => (
          <li key={s} data-status={s}>
            <span className={`legend__swatch legend__swatch--${s}`}>
              <StatusIcon status={s} />
            </span>
            <span className="legend__name">{t(`status.${s}`)}</span>
            <span className="legend__count num" data-testid={`legend-count-${s}`}>
              {counts[s]}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
