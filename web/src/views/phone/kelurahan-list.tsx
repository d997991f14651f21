import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { KelurahanEntry, KelurahanSummary } from '@pkk/core';
import { StatusChip } from '@/components/status/status-chip.tsx';
import { prewarmKelurahan } from '@/api/play.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { longestWaitMs } from '@/lib/status.ts';

export interface ListRow {
  entry: KelurahanEntry;
  summary: KelurahanSummary;
}

const Row = memo(function Row({ entry, summary, now }: ListRow & { now: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const wait = longestWaitMs(summary, now);
  return (
    <li>
      <Link
        className={`kel-row kel-row--${summary.status}`}
        to={`/kelurahan/${entry.code}`}
        // The video's play request goes out on the tap, before the office's screen has loaded.
        onPointerDown={() => prewarmKelurahan(entry.code)}
        onClick={() => prewarmKelurahan(entry.code)}
        data-testid="kelurahan-row"
        data-code={entry.code}
        data-status={summary.status}
      >
        <div className="kel-row__top">
          <StatusChip status={summary.status} size="sm" />
          <span className="kel-row__queue num">
            {summary.waiting > 0
              ? t('home.rowWaiting', { n: summary.waiting, wait: f.duration(wait) })
              : t('home.rowNobody')}
          </span>
        </div>
        <div className="kel-row__name">{entry.name}</div>
        <div className="kel-row__meta">
          {entry.nameLegacy !== entry.name && <span>{entry.nameLegacy} · </span>}
          <span>{t('home.kecamatanShort', { name: entry.kecamatanName })}</span>
        </div>
        <div className="kel-row__facts num">
          <span>
            {t('home.rowStaff', { present: summary.staffPresent, expected: summary.staffExpected })}
          </span>
          <span>{t('home.rowDesks', { open: summary.desksOpen, total: summary.desksTotal })}</span>
          {summary.devicesTotal - summary.devicesOnline > 0 && (
            <span>{t('home.rowDevices', { n: summary.devicesTotal - summary.devicesOnline })}</span>
          )}
        </div>
      </Link>
    </li>
  );
});

/** Offices in the order given (by attention), each a big tap target to its live view. */
export function KelurahanList({ rows, now }: { rows: ListRow[]; now: number }) {
  return (
    <ul className="kel-list" data-testid="kelurahan-list">
      {rows.map((r) => (
        <Row key={r.entry.code} entry={r.entry} summary={r.summary} now={now} />
      ))}
    </ul>
  );
}
