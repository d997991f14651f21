import { useTranslation } from 'react-i18next';
import type { DeskLive } from '@pkk/core';
import { useFormat } from '@/hooks/use-format.ts';
import { Flag, Panel } from './panels.tsx';

/** Desks (loket): open or not, the officer assigned, and whether that officer is in. */
export function DesksPanel({
  desks,
  serviceName,
}: {
  desks: DeskLive[];
  serviceName: (code: string) => string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Panel id="desks" title={t('kelurahan.desks')}>
      <ul className="desk-list">
        {desks.map((d) => (
          <li
            key={d.code}
            className={`desk desk--${d.open ? 'open' : 'closed'}`}
            data-testid="desk"
            data-desk={d.code}
            data-open={d.open}
          >
            <div className="desk__head">
              <strong>{d.name}</strong>
              <Flag on={d.open} yes={t('kelurahan.deskOpen')} no={t('kelurahan.deskClosed')} />
            </div>
            <div className="desk__officer">
              {d.officerName ? (
                <>
                  <span>{d.officerName}</span>
                  <Flag on={d.officerPresent} yes={t('kelurahan.present')} no={t('kelurahan.absent')} />
                </>
              ) : (
                <span className="muted">{t('kelurahan.noOfficer')}</span>
              )}
            </div>
            {d.observedPresent !== null && (
              <div className="desk__camera muted">
                {d.observedPresent ? t('kelurahan.cameraSeen') : t('kelurahan.cameraEmpty')}
                {d.observedAt !== null && ` · ${f.time(d.observedAt)}`}
              </div>
            )}
            <div className="desk__services muted">{d.services.map(serviceName).join(' · ')}</div>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
