import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Camera } from '@pkk/core';
import { cameraApi } from '@/api/cameras.ts';
import { camerasStore } from '@/api/cameras-store.ts';
import { CameraHealthChip } from '@/components/video/camera-health.tsx';
import { CameraSnapshot } from '@/components/video/camera-snapshot.tsx';
import { useCameras } from '@/hooks/use-cameras.ts';
import { useFormat } from '@/hooks/use-format.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { CameraForm } from './camera-form.tsx';
import { LiveViewsList } from './live-views-list.tsx';
import { ZoneEditor } from './zone-editor.tsx';
import './cameras.css';

type Tab = 'edit' | 'zones' | 'views';
const TABS: Tab[] = ['edit', 'zones', 'views'];

/**
 * The operator's camera screen (`/cameras`): cameras per kelurahan with their health, a form to add
 * or change one, the desk-zone editor on the latest snapshot, and who watched. The selection is in
 * the URL (`?kecamatan=&camera=&tab=` or `?new=1`).
 */
export function CamerasView({ index }: { index: RegistryIndex }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const kecamatan = params.get('kecamatan') ?? index.registry.kecamatan[0]?.code ?? '';
  const selectedId = params.get('camera');
  const tab: Tab = (TABS as string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'edit';
  const adding = params.get('new') === '1';
  const state = useCameras({ kecamatan });

  const kelurahan = useMemo(
    () => index.registry.kelurahan.filter((k) => k.kecamatanCode === kecamatan),
    [index, kecamatan],
  );
  const byKelurahan = useMemo(() => {
    const m = new Map<string, Camera[]>();
    for (const c of state?.items ?? []) m.set(c.kelurahanCode, [...(m.get(c.kelurahanCode) ?? []), c]);
    return m;
  }, [state]);
  const selected = state?.items.find((c) => c.id === selectedId) ?? null;

  const go = (patch: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    setParams(p);
  };

  const remove = async (c: Camera) => {
    if (!window.confirm(t('cameras.confirmDelete', { name: c.name }))) return;
    await cameraApi.remove(c.id).catch(() => undefined);
    camerasStore.invalidate();
    go({ camera: null });
  };

  return (
    <div className="cams-admin" data-testid="cameras-view" data-phase={state?.phase ?? 'loading'}>
      <header className="cams-admin__head">
        <h1>{t('cameras.title')}</h1>
        <label>
          <span>{t('videoWall.kecamatan')}</span>
          <select
            value={kecamatan}
            onChange={(e) => go({ kecamatan: e.target.value, camera: null, new: null })}
            data-testid="cameras-kecamatan"
          >
            {index.registry.kecamatan.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => go({ new: '1', camera: null })}
          data-testid="camera-add"
        >
          {t('cameras.add')}
        </button>
      </header>
      <div className="cams-admin__body">
        <section className="cams-admin__list" aria-label={t('cameras.list')}>
          {state?.phase === 'loading' && <p className="muted">{t('common.loading')}</p>}
          {state?.phase === 'error' && <p className="muted">{t('common.loadFailed')}</p>}
          {state?.phase === 'ready' &&
            kelurahan.map((k) => {
              const cams = byKelurahan.get(k.code) ?? [];
              return (
                <div
                  key={k.code}
                  className="cams-admin__kel"
                  data-testid="cameras-kelurahan"
                  data-code={k.code}
                >
                  <h2>
                    {k.name} <span className="muted small">{t('cameras.count', { count: cams.length })}</span>
                  </h2>
                  {cams.length > 0 && (
                    <ul>
                      {cams.map((c) => (
                        <li key={c.id}>
                          <button
                            type="button"
                            className="cams-admin__row"
                            aria-current={c.id === selectedId ? 'true' : undefined}
                            onClick={() => go({ camera: c.id, new: null })}
                            data-testid="camera-row"
                            data-camera={c.id}
                          >
                            <span className="cams-admin__thumb">
                              <CameraSnapshot camera={c} showTime={false} />
                            </span>
                            <span className="cams-admin__row-text">
                              <strong>{c.name}</strong>
                              <span className="muted small">
                                {t(`cameras.placements.${c.placement}`)} ·{' '}
                                {t('cameras.zones.count', { count: c.zones.length })}
                                {c.health.lastFrameAt !== null &&
                                  ` · ${t('cameras.lastFrame', { time: f.time(c.health.lastFrameAt) })}`}
                              </span>
                            </span>
                            <CameraHealthChip health={c.health} enabled={c.enabled} />
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              );
            })}
        </section>
        <section className="cams-admin__detail" aria-label={t('cameras.detail')}>
          {adding ? (
            <CameraForm
              key="new"
              camera={null}
              kelurahan={kelurahan}
              defaultKelurahan={kelurahan[0]?.code ?? ''}
              onDone={(c) => go({ new: null, camera: c?.id ?? null })}
            />
          ) : selected ? (
            <>
              <div className="cams-admin__tabs">
                <div role="tablist" aria-label={t('cameras.detail')}>
                  {TABS.map((x) => (
                    <button
                      key={x}
                      type="button"
                      role="tab"
                      aria-selected={tab === x}
                      className="btn btn--ghost"
                      onClick={() => go({ tab: x })}
                      data-testid={`camera-tab-${x}`}
                    >
                      {t(`cameras.tabs.${x}`)}
                    </button>
                  ))}
                </div>
                <button
                  type="button"
                  className="btn btn--ghost cams-admin__delete"
                  onClick={() => void remove(selected)}
                >
                  {t('cameras.delete')}
                </button>
              </div>
              <div role="tabpanel">
                {tab === 'edit' && (
                  <CameraForm
                    key={selected.id}
                    camera={selected}
                    kelurahan={kelurahan}
                    defaultKelurahan={selected.kelurahanCode}
                    onDone={() => undefined}
                  />
                )}
                {tab === 'zones' && <ZoneEditor key={selected.id} camera={selected} />}
                {tab === 'views' && <LiveViewsList key={selected.id} camera={selected} />}
              </div>
            </>
          ) : (
            <p className="muted cams-admin__hint">{t('cameras.pick')}</p>
          )}
        </section>
      </div>
    </div>
  );
}
