import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Camera, LiveView } from '@pkk/core';
import { cameraApi } from '@/api/cameras.ts';
import { useFormat } from '@/hooks/use-format.ts';

/**
 * Who watched a camera, newest first (the latest 100): viewer, stream, transport, from and until.
 * By count, not by "the last 24 hours" of this browser's clock, which need not be the server's.
 */
export function LiveViewsList({ camera }: { camera: Camera }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [state, setState] = useState<{
    phase: 'loading' | 'ready' | 'error';
    items: LiveView[];
    total: number;
  }>({
    phase: 'loading',
    items: [],
    total: 0,
  });
  useEffect(() => {
    let live = true;
    cameraApi.liveViews({ camera: camera.id, limit: 100 }).then(
      (r) => live && setState({ phase: 'ready', items: r.items, total: r.total }),
      () => live && setState({ phase: 'error', items: [], total: 0 }),
    );
    return () => {
      live = false;
    };
  }, [camera.id]);
  const at = (ms: number | null) => (ms === null ? '—' : `${f.time(ms)}`);
  return (
    <section className="live-views" aria-labelledby="views-title" data-testid="live-views">
      <h3 id="views-title">{t('cameras.views.title', { name: camera.name })}</h3>
      {state.phase === 'loading' ? (
        <p className="muted">{t('common.loading')}</p>
      ) : state.phase === 'error' ? (
        <p className="muted">{t('common.loadFailed')}</p>
      ) : !state.items.length ? (
        <p className="muted">{t('cameras.views.none')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('cameras.views.caption', { zone: f.zoneLabel })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cameras.views.user')}</th>
              <th scope="col">{t('cameras.views.stream')}</th>
              <th scope="col">{t('cameras.views.transport')}</th>
              <th scope="col">{t('cameras.views.from', { zone: f.zoneLabel })}</th>
              <th scope="col">{t('cameras.views.until')}</th>
            </tr>
          </thead>
          <tbody>
            {state.items.map((v) => (
              <tr key={v.viewId} data-testid="live-view-row" data-user={v.username}>
                <td>{v.username}</td>
                <td>{v.stream}</td>
                <td>{v.transport ?? '—'}</td>
                <td className="num">{at(v.startedAt ?? v.issuedAt)}</td>
                <td className="num">{v.endedAt === null ? t('cameras.views.watching') : at(v.endedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.total > state.items.length && (
        <p className="muted small">{t('cameras.views.more', { n: state.total - state.items.length })}</p>
      )}
    </section>
  );
}
