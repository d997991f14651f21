import { useTranslation } from 'react-i18next';
import type { CameraHealth } from '@pkk/core';
import './camera.css';

const MARK: Record<CameraHealth['state'], string> = { online: '●', connecting: '◐', idle: '○', offline: '✕' };

/** A camera's health as mark and word (never colour alone). */
export function CameraHealthChip({ health, enabled = true }: { health: CameraHealth; enabled?: boolean }) {
  const { t } = useTranslation();
  const state = enabled ? health.state : 'disabled';
  return (
    <span className={`cam-health cam-health--${state}`} data-testid="camera-health" data-state={state}>
      <span aria-hidden="true">{enabled ? MARK[health.state] : '–'}</span>
      {t(`video.health.${state}`)}
    </span>
  );
}
