import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Camera } from '@pkk/core';
import { CameraHealthChip } from '@/components/video/camera-health.tsx';
import { CameraSnapshot } from '@/components/video/camera-snapshot.tsx';
import { LivePlayer } from '@/components/video/live-player.tsx';
import { useFormat } from '@/hooks/use-format.ts';

/**
 * One camera on the wall: the sub stream over fMP4 while the camera is up; its last snapshot with
 * its time when it is offline or switched off, and since when no frame came ("stale since"). The
 * label says kelurahan, camera and health.
 */
export const VideoTile = memo(function VideoTile({
  camera,
  kelurahanName,
  findings,
}: {
  camera: Camera;
  kelurahanName: string;
  findings: number;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const down = !camera.enabled || camera.health.state === 'offline';
  const label = t('video.cameraOf', { camera: camera.name, kelurahan: kelurahanName });
  return (
    <article
      className={`vtile${down ? ' vtile--down' : ''}${findings ? ' vtile--alert' : ''}`}
      data-testid="video-tile"
      data-camera={camera.id}
      data-kelurahan={camera.kelurahanCode}
      data-health={camera.enabled ? camera.health.state : 'disabled'}
      aria-label={label}
    >
      <div className="vtile__media">
        {down ? (
          <div className="vtile__offline">
            <CameraSnapshot camera={camera} />
            <span className="vtile__offline-word">
              {t(camera.enabled ? 'video.health.offline' : 'video.health.disabled')}
            </span>
            {camera.enabled && camera.health.lastFrameAt !== null && (
              <span className="vtile__offline-since" data-testid="stale-badge">
                {t('video.staleSince', { time: f.time(camera.health.lastFrameAt) })}
              </span>
            )}
          </div>
        ) : (
          <LivePlayer cameraId={camera.id} stream="sub" prefer="fmp4" label={label} compact poster={null} />
        )}
      </div>
      <footer className="vtile__label">
        <span className="vtile__kel">{kelurahanName}</span>
        <span className="vtile__cam">{camera.name}</span>
        {findings > 0 && (
          <span className="vtile__findings" data-testid="tile-findings">
            {t('videoWall.findings', { count: findings })}
          </span>
        )}
        <CameraHealthChip health={camera.health} enabled={camera.enabled} />
      </footer>
    </article>
  );
});
