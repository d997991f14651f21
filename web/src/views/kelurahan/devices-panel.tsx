import { useTranslation } from 'react-i18next';
import type { DeviceLive } from '@pkk/core';
import { useFormat } from '@/hooks/use-format.ts';
import { Flag, Panel } from './panels.tsx';

export function DevicesPanel({ devices }: { devices: DeviceLive[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Panel id="devices" title={t('kelurahan.devices')}>
      {devices.length === 0 ? (
        <p className="muted">{t('kelurahan.noDevices')}</p>
      ) : (
        <ul className="device-list">
          {devices.map((d) => (
            <li key={d.id} data-testid="device" data-online={d.online}>
              <div>
                <strong>{d.name}</strong>
                <div className="muted small">
                  {t(`deviceKind.${d.kind}`)} · {d.protocol.toUpperCase()}
                </div>
              </div>
              <div className="r">
                <Flag on={d.online} yes={t('kelurahan.online')} no={t('kelurahan.offline')} />
                <div className="muted small">
                  {d.lastSeenAt !== null
                    ? t('kelurahan.lastSeen', { time: f.time(d.lastSeenAt) })
                    : t('kelurahan.neverSeen')}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
