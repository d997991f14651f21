import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingKind, Severity } from '@pkk/core';
import { FindingCard } from '@/components/findings/finding-card.tsx';
import { Main } from '@/components/layout/main-landmark.tsx';
import { useOpenFindings } from '@/hooks/use-findings.ts';
import { usePush } from '@/hooks/use-push.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { useMe } from '@/hooks/use-session.ts';
import { kindOf } from '@/lib/finding-summary.ts';
import { scopeOf } from '@/lib/scope.ts';
import './inbox.css';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * The inbox of a camat, a lurah or an operator: the open findings of their area as they happen,
 * the most serious first, each with what it rests on (the signals that agree or not, the numbers).
 */
export function InboxView({ index }: { index: RegistryIndex }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const scope = useMemo(() => scopeOf(me), [me]);
  const state = useOpenFindings(scope?.room ?? null);
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [kind, setKind] = useState<FindingKind | null>(null);

  const items = useMemo(() => {
    const list = (state?.items ?? []).filter(
      (f) => (!severity || f.severity === severity) && (!kind || f.kind === kind),
    );
    return [...list].sort(
      (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.openedAt - a.openedAt,
    );
  }, [state, severity, kind]);
  const kinds = useMemo(() => [...new Set((state?.items ?? []).map((f) => f.kind))].sort(), [state]);

  return (
    <Main className="inbox" data-testid="inbox" data-phase={state?.phase ?? 'error'}>
      <h1 className="inbox__title">{t('inbox.title')}</h1>
      <PushPrompt />
      <div className="inbox__filters" role="group" aria-label={t('inbox.filters')}>
        {(['critical', 'warning', 'info'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className={`chip chip--sev-${s}`}
            aria-pressed={severity === s}
            onClick={() => setSeverity(severity === s ? null : s)}
            data-testid={`filter-${s}`}
          >
            {t(`severity.${s}`)} · {(state?.items ?? []).filter((f) => f.severity === s).length}
          </button>
        ))}
        <label className="inbox__kind">
          <span className="visually-hidden">{t('inbox.kind')}</span>
          <select
            value={kind ?? ''}
            onChange={(e) => setKind((e.target.value || null) as FindingKind | null)}
            data-testid="filter-kind"
          >
            <option value="">{t('inbox.allKinds')}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {kindOf(k, i18n.language)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!state || state.phase === 'loading' ? (
        <div className="inbox__note">
          <div className="spinner" />
          {t('common.loading')}
        </div>
      ) : state.phase === 'error' && !state.items.length ? (
        <p className="inbox__note">{t('common.loadFailed')}</p>
      ) : items.length ? (
        <ul className="inbox__list">
          {items.map((f) => (
            <FindingCard key={f.id} finding={f} index={index} />
          ))}
        </ul>
      ) : (
        <p className="inbox__note" data-testid="inbox-empty">
          {t('inbox.empty')}
        </p>
      )}
    </Main>
  );
}

/** Turning on push notifications on this phone, asked only when the user taps. */
function PushPrompt() {
  const { t } = useTranslation();
  const { state, enable } = usePush();
  if (state === 'unsupported' || state === 'on')
    return state === 'on' ? <p className="inbox__push inbox__push--on">{t('push.on')}</p> : null;
  return (
    <div className="inbox__push" data-testid="push-prompt">
      <span>
        {state === 'denied' ? t('push.denied') : state === 'failed' ? t('push.failed') : t('push.offer')}
      </span>
      {state !== 'denied' && (
        <button
          type="button"
          className="btn"
          onClick={() => void enable()}
          disabled={state === 'subscribing'}
        >
          {t('push.enable')}
        </button>
      )}
    </div>
  );
}
