import { useTranslation } from 'react-i18next';
import type { Camera } from '@pkk/core';
import { snapshotSrc } from '@/api/cameras.ts';
import { useFormat } from '@/hooks/use-format.ts';
import './camera.css';

/**
 * The latest snapshot of a camera with the time it was taken, marked as a snapshot (an offline
 * camera's tile, a thumbnail): never presented as live.
 */
export function CameraSnapshot({ camera, showTime = true }: { camera: Camera; showTime?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const src = snapshotSrc(camera);
  return (
    <div className="cam-snap" data-testid="camera-snapshot" data-at={camera.snapshotAt ?? ''}>
      {src ? (
        <img src={src} alt="" loading="lazy" decoding="async" />
      ) : (
        <div className="cam-snap__none">{t('video.noSnapshot')}</div>
      )}
      {showTime && camera.snapshotAt !== null && (
        <span className="cam-snap__time">{t('video.snapshotAt', { time: f.time(camera.snapshotAt) })}</span>
      )}
    </div>
  );
}
