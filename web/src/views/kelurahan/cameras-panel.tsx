import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Camera } from '@pkk/core';
import { pickFeatured } from '@/api/play.ts';
import { snapshotSrc } from '@/api/cameras.ts';
import { CameraHealthChip } from '@/components/video/camera-health.tsx';
import { CameraSnapshot } from '@/components/video/camera-snapshot.tsx';
import { LivePlayer } from '@/components/video/live-player.tsx';
import { useCameras } from '@/hooks/use-cameras.ts';
import { PHONE_QUERY, useMediaQuery } from '@/hooks/use-media-query.ts';
import { Panel } from './panels.tsx';

/**
 * The office's cameras: the focused one plays (WebRTC; the main stream, the sub stream on a phone),
 * the others are tabs with their latest snapshot. An offline camera shows its snapshot and its time.
 */
export function CamerasPanel({ code, kelurahanName }: { code: string; kelurahanName: string }) {
  const { t } = useTranslation();
  const phone = useMediaQuery(PHONE_QUERY);
  const state = useCameras({ kelurahan: code });
  const items = useMemo(() => (state?.items ?? []).filter((c) => c.enabled), [state]);
  const [chosen, setChosen] = useState<string | null>(null);
  const focused = items.find((c) => c.id === chosen) ?? pickFeatured(items);

  return (
    <Panel id="cameras" title={t('kelurahan.cameras')} className="panel--cameras">
      {!state || state.phase === 'loading' ? (
        <div className="cams__placeholder">{t('common.loading')}</div>
      ) : state.phase === 'error' && !items.length ? (
        <div className="cams__placeholder">{t('video.camerasFailed')}</div>
      ) : !focused ? (
        <div className="cams__placeholder" data-testid="no-cameras">
          {t('video.noCameras')}
        </div>
      ) : (
        <>
          <div
            className="cams__stage"
            role="tabpanel"
            id={`cam-panel-${focused.id}`}
            aria-labelledby={`cam-tab-${focused.id}`}
          >
            <Stage camera={focused} kelurahanName={kelurahanName} stream={phone ? 'sub' : 'main'} />
          </div>
          {items.length > 1 && (
            <div className="cams__tabs" role="tablist" aria-label={t('video.chooseCamera')}>
              {items.map((c) => (
                <CameraTab
                  key={c.id}
                  camera={c}
                  selected={c.id === focused.id}
                  onSelect={() => setChosen(c.id)}
                />
              ))}
            </div>
          )}
        </>
      )}
    </Panel>
  );
}

function Stage({
  camera,
  kelurahanName,
  stream,
}: {
  camera: Camera;
  kelurahanName: string;
  stream: 'main' | 'sub';
}) {
  const { t } = useTranslation();
  const label = t('video.cameraOf', { camera: camera.name, kelurahan: kelurahanName });
  return (
    <>
      {camera.health.state === 'offline' ? (
        <div className="cams__offline" data-testid="camera-offline">
          <CameraSnapshot camera={camera} />
        </div>
      ) : (
        <LivePlayer
          key={`${camera.id}:${stream}`}
          cameraId={camera.id}
          stream={stream}
          prefer="webrtc"
          label={label}
          poster={snapshotSrc(camera)}
        />
      )}
      <div className="cams__caption">
        <span className="cams__name">{camera.name}</span>
        <CameraHealthChip health={camera.health} />
      </div>
    </>
  );
}

function CameraTab({
  camera,
  selected,
  onSelect,
}: {
  camera: Camera;
  selected: boolean;
  onSelect: () => void;
}) {
  return (
    <button
      type="button"
      role="tab"
      id={`cam-tab-${camera.id}`}
      aria-selected={selected}
      aria-controls={selected ? `cam-panel-${camera.id}` : undefined}
      tabIndex={selected ? 0 : -1}
      className="cams__tab"
      onClick={onSelect}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
        const tabs = [
          ...(e.currentTarget.parentElement?.querySelectorAll<HTMLButtonElement>('[role=tab]') ?? []),
        ];
        const i = tabs.indexOf(e.currentTarget);
        const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
        next?.focus();
        next?.click();
      }}
      data-testid="camera-tab"
      data-camera={camera.id}
    >
      <CameraSnapshot camera={camera} showTime={false} />
      <span className="cams__tab-name">{camera.name}</span>
    </button>
  );
}
