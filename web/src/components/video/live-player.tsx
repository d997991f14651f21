import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StreamKind, Transport } from '@pkk/core';
import { useFormat } from '@/hooks/use-format.ts';
import { useVisible } from '@/hooks/use-visible.ts';
import { PlayerController, type PlayerSnapshot } from './player-controller.ts';
import './video.css';

export interface LivePlayerProps {
  cameraId: string;
  stream: StreamKind;
  /** The transport to try first; the others follow (WebRTC, fMP4, HLS) when it fails. */
  prefer: Transport;
  /** What the player is of, for screen readers ("Kamera Loket, Kelurahan 35 Ilir"). */
  label: string;
  muted?: boolean;
  autoPlay?: boolean;
  playsInline?: boolean;
  /** The latest snapshot, shown (marked as a snapshot, never as live) until the first frame. */
  poster?: string | null;
  /** Smaller badges, for the wall's tiles. */
  compact?: boolean;
  className?: string;
  onState?: (s: PlayerSnapshot) => void;
}

const TRANSPORT_LABEL: Record<Transport, string> = { webrtc: 'WebRTC', fmp4: 'fMP4', hls: 'HLS' };
const IDLE: PlayerSnapshot = { state: 'idle', transport: null, lastFrameAt: null, error: null };

/**
 * A live camera: plays only while on screen and the tab is visible, picks the best transport that
 * works and falls back by itself. Shows the transport and a live badge while frames flow, and greys
 * the picture with "stale since hh:mm" as soon as they stop. Tests and the bench read
 * `data-state`, `data-transport` and `data-frames` on the root and the <video> inside.
 */
export function LivePlayer({
  cameraId,
  stream,
  prefer,
  label,
  muted = true,
  autoPlay = true,
  playsInline = true,
  poster = null,
  compact = false,
  className = '',
  onState,
}: LivePlayerProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const root = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const visible = useVisible(root);
  const [snap, setSnap] = useState<PlayerSnapshot>(IDLE);
  const onStateRef = useRef(onState);
  useEffect(() => {
    onStateRef.current = onState;
  }, [onState]);

  useEffect(() => {
    const v = video.current;
    const el = root.current;
    if (!v || !el || !visible || !autoPlay) return undefined;
    const c = new PlayerController(
      v,
      { cameraId, stream, prefer },
      (s) => {
        setSnap(s);
        onStateRef.current?.(s);
      },
      (frames) => el.setAttribute('data-frames', String(frames)),
    );
    c.start();
    return () => {
      c.stop();
      el.setAttribute('data-frames', '0');
    };
  }, [cameraId, stream, prefer, visible, autoPlay]);

  const live = snap.state === 'playing';
  const stale = snap.state === 'stale' || (snap.state === 'failed' && snap.lastFrameAt !== null);
  const showPoster = !live && !stale && poster;
  return (
    <div
      ref={root}
      className={`player player--${snap.state}${compact ? ' player--compact' : ''}${stale ? ' is-stale' : ''} ${className}`}
      role="group"
      aria-label={label}
      data-testid="live-player"
      data-camera={cameraId}
      data-stream={stream}
      data-state={snap.state}
      data-transport={snap.transport ?? ''}
      data-frames="0"
      data-visible={visible}
    >
      <video
        ref={video}
        className="player__video"
        muted={muted}
        autoPlay={autoPlay}
        playsInline={playsInline}
        disablePictureInPicture
        aria-hidden="true"
        data-testid="live-video"
      />
      {showPoster && <img className="player__poster" src={poster} alt="" />}
      <div className="player__badges" aria-live="polite">
        {live && (
          <span className="player__live" data-testid="live-badge">
            <span aria-hidden="true" className="player__dot" /> {t('video.live')}
          </span>
        )}
        {stale && snap.lastFrameAt !== null && (
          <span className="player__stale" data-testid="stale-badge">
            {t('video.staleSince', { time: f.time(snap.lastFrameAt) })}
          </span>
        )}
        {snap.transport && (live || stale) && (
          <span className="player__transport" data-testid="transport-badge">
            {TRANSPORT_LABEL[snap.transport]}
          </span>
        )}
      </div>
      {!live && !stale && (
        <div className="player__message">
          {snap.state === 'failed'
            ? t('video.unavailable')
            : !visible
              ? t('video.paused')
              : showPoster
                ? t('video.connectingSnapshot')
                : t('video.connecting')}
        </div>
      )}
    </div>
  );
}
