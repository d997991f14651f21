import { useTranslation } from 'react-i18next';
import type { RosterEntry } from '@pkk/core';
import { useFormat } from '@/hooks/use-format.ts';
import { Panel } from './panels.tsx';

/** Today's attendance: who arrived when, late by how much, who left, who is on leave. */
export function RosterPanel({ roster }: { roster: RosterEntry[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Panel id="roster" title={t('kelurahan.roster')}>
      {roster.length === 0 ? (
        <p className="muted">{t('kelurahan.noRoster')}</p>
      ) : (
        <table className="table roster">
          <thead>
            <tr>
              <th scope="col">{t('kelurahan.name')}</th>
              <th scope="col">{t('kelurahan.arrived')}</th>
              <th scope="col">{t('kelurahan.lateBy')}</th>
              <th scope="col">{t('kelurahan.left')}</th>
            </tr>
          </thead>
          <tbody>
            {roster.map((r) => (
              <tr key={r.nip} data-testid="roster-row" data-present={r.present}>
                <th scope="row">
                  <div>{r.name}</div>
                  <div className="muted small">{r.position}</div>
                </th>
                {r.leave ? (
                  <td colSpan={3} className="roster__leave">
                    {t(`leave.${r.leave}`)}
                  </td>
                ) : (
                  <>
                    <td className="num">
                      {r.arrivedAt !== null ? (
                        f.time(r.arrivedAt)
                      ) : (
                        <span className="muted">{t('kelurahan.notYet')}</span>
                      )}
                    </td>
                    <td className={`num${r.lateMinutes > 0 ? ' late' : ''}`}>
                      {r.lateMinutes > 0 ? f.duration(r.lateMinutes * 60_000) : '–'}
                    </td>
                    <td className="num">{r.leftAt !== null ? f.time(r.leftAt) : '–'}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
