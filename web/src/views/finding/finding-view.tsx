import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FindingDetail } from '@pkk/core';
import { api } from '@/api/endpoints.ts';
import { FindingCard } from '@/components/findings/finding-card.tsx';
import { Main } from '@/components/layout/main-landmark.tsx';
import { useFormat } from '@/hooks/use-format.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import './finding-view.css';

type Loaded = { phase: 'loading' } | { phase: 'ready'; detail: FindingDetail } | { phase: 'missing' };

/**
 * One finding at its own address (`/findings/:id`), where a push notification or a webhook's link
 * opens: open or resolved, with its evidence shown and what happened to it, who and when.
 */
export function FindingView({ id, index }: { id: number; index: RegistryIndex }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    setLoaded({ phase: 'loading' });
    api.findingDetail(id).then(
      (detail) => live && setLoaded({ phase: 'ready', detail }),
      () => live && setLoaded({ phase: 'missing' }),
    );
    return () => {
      live = false;
    };
  }, [id]);

  return (
    <Main className="finding-page" data-testid="finding-page" data-phase={loaded.phase}>
      <p className="finding-page__back">
        <Link to="/inbox">← {t('findingPage.back')}</Link>
      </p>
      <h1 className="finding-page__title">{t('findingPage.title')}</h1>
      {loaded.phase === 'loading' ? (
        <div className="spinner" />
      ) : loaded.phase === 'missing' ? (
        <p data-testid="finding-missing">{t('findingPage.notFound')}</p>
      ) : (
        <>
          <ul className="finding-page__card">
            <FindingCard finding={loaded.detail.finding} index={index} open />
          </ul>
          {loaded.detail.finding.resolvedAt !== null && (
            <p className="finding-page__resolved" data-testid="finding-resolved">
              {t('findingPage.resolvedAt', { time: fmt.time(loaded.detail.finding.resolvedAt) })}
            </p>
          )}
          <h2 className="finding-page__history-title">{t('findingPage.history')}</h2>
          <ol className="finding-page__history" data-testid="finding-history">
            {loaded.detail.history.map((h, i) => (
              <li key={i}>
                <time>
                  {fmt.shortDate(h.at)} {fmt.time(h.at)}
                </time>{' '}
                {t(`findingPage.action.${h.action}` as 'findingPage.action.opened', {
                  defaultValue: h.action,
                })}
                {h.by && ` · ${t('findingPage.by', { by: h.by })}`}
              </li>
            ))}
          </ol>
        </>
      )}
    </Main>
  );
}
