import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Camera, CameraPlacement, KelurahanEntry, PullMode } from '@pkk/core';
import { cameraApi, type CameraUpdate } from '@/api/cameras.ts';
import { camerasStore } from '@/api/cameras-store.ts';
import { ApiError } from '@/api/http.ts';

const PLACEMENTS: CameraPlacement[] = ['desks', 'hall', 'entrance'];
const PULL_MODES: PullMode[] = ['always', 'on_demand'];
const RTSP = /^rtsps?:\/\/[^\s/]+/i;

/**
 * Adds a camera or changes one. The RTSP URLs carry the camera's credentials: they are written
 * here and never shown back (the api does not send them); left empty on an edit, they stay as they are.
 */
export function CameraForm({
  camera,
  kelurahan,
  defaultKelurahan,
  onDone,
}: {
  camera: Camera | null;
  kelurahan: readonly KelurahanEntry[];
  defaultKelurahan: string;
  onDone: (saved: Camera | null) => void;
}) {
  const { t } = useTranslation();
  const [kel, setKel] = useState(camera?.kelurahanCode ?? defaultKelurahan);
  const [name, setName] = useState(camera?.name ?? '');
  const [placement, setPlacement] = useState<CameraPlacement>(camera?.placement ?? 'desks');
  const [pullMode, setPullMode] = useState<PullMode>(camera?.pullMode ?? 'always');
  const [enabled, setEnabled] = useState(camera?.enabled ?? true);
  const [rtspMain, setRtspMain] = useState('');
  const [rtspSub, setRtspSub] = useState('');
  const [removeSub, setRemoveSub] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!name.trim()) return setError(t('cameras.errors.name'));
    if ((!camera || rtspMain) && !RTSP.test(rtspMain)) return setError(t('cameras.errors.rtsp'));
    if (rtspSub && !RTSP.test(rtspSub)) return setError(t('cameras.errors.rtsp'));
    setBusy(true);
    try {
      let saved: Camera;
      if (!camera) {
        saved = (
          await cameraApi.create({
            kelurahanCode: kel,
            name: name.trim(),
            placement,
            pullMode,
            enabled,
            rtspMain,
            ...(rtspSub ? { rtspSub } : {}),
          })
        ).camera;
      } else {
        const patch: CameraUpdate = {};
        if (name.trim() !== camera.name) patch.name = name.trim();
        if (placement !== camera.placement) patch.placement = placement;
        if (pullMode !== camera.pullMode) patch.pullMode = pullMode;
        if (enabled !== camera.enabled) patch.enabled = enabled;
        if (rtspMain) patch.rtspMain = rtspMain;
        if (rtspSub) patch.rtspSub = rtspSub;
        else if (removeSub) patch.rtspSub = null;
        saved = Object.keys(patch).length ? (await cameraApi.update(camera.id, patch)).camera : camera;
      }
      setRtspMain('');
      setRtspSub('');
      camerasStore.invalidate();
      onDone(saved);
    } catch (err) {
      setError(
        err instanceof ApiError ? `${t('cameras.errors.save')} (${err.message})` : t('cameras.errors.save'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="cam-form" onSubmit={(e) => void submit(e)} data-testid="camera-form" noValidate>
      <h3>{camera ? t('cameras.editTitle', { name: camera.name }) : t('cameras.addTitle')}</h3>
      <label>
        <span>{t('cameras.kelurahan')}</span>
        <select
          value={kel}
          onChange={(e) => setKel(e.target.value)}
          disabled={!!camera}
          data-testid="form-kelurahan"
        >
          {kelurahan.map((k) => (
            <option key={k.code} value={k.code}>
              {k.name} ({k.kecamatanName})
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('cameras.name')}</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={80}
          required
          data-testid="form-name"
        />
      </label>
      <label>
        <span>{t('cameras.placement')}</span>
        <select
          value={placement}
          onChange={(e) => setPlacement(e.target.value as CameraPlacement)}
          data-testid="form-placement"
        >
          {PLACEMENTS.map((p) => (
            <option key={p} value={p}>
              {t(`cameras.placements.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('cameras.pullMode')}</span>
        <select
          value={pullMode}
          onChange={(e) => setPullMode(e.target.value as PullMode)}
          data-testid="form-pull"
        >
          {PULL_MODES.map((p) => (
            <option key={p} value={p}>
              {t(`cameras.pullModes.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="cam-form__check">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          data-testid="form-enabled"
        />
        <span>{t('cameras.enabled')}</span>
      </label>
      <fieldset>
        <legend>{t('cameras.urls')}</legend>
        <p className="muted small" id="rtsp-help">
          {camera ? t('cameras.urlsHelpEdit') : t('cameras.urlsHelp')}
        </p>
        <label>
          <span>{t('cameras.rtspMain')}</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={rtspMain}
            onChange={(e) => setRtspMain(e.target.value)}
            placeholder={camera ? t('cameras.unchanged') : 'rtsp://…'}
            aria-describedby="rtsp-help"
            required={!camera}
            data-testid="form-rtsp-main"
          />
        </label>
        <label>
          <span>{t('cameras.rtspSub')}</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={rtspSub}
            onChange={(e) => setRtspSub(e.target.value)}
            placeholder={
              camera ? (camera.hasSubStream ? t('cameras.unchanged') : t('cameras.none')) : 'rtsp://…'
            }
            aria-describedby="rtsp-help"
            data-testid="form-rtsp-sub"
          />
        </label>
        {camera?.hasSubStream && (
          <label className="cam-form__check">
            <input
              type="checkbox"
              checked={removeSub}
              onChange={(e) => setRemoveSub(e.target.checked)}
              disabled={!!rtspSub}
            />
            <span>{t('cameras.removeSub')}</span>
          </label>
        )}
      </fieldset>
      {error && (
        <p className="cam-form__error" role="alert" data-testid="form-error">
          {error}
        </p>
      )}
      <div className="cam-form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy} data-testid="form-save">
          {busy ? t('cameras.saving') : t('cameras.save')}
        </button>
        <button type="button" className="btn" onClick={() => onDone(null)}>
          {t('cameras.cancel')}
        </button>
      </div>
    </form>
  );
}
