import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Finding, FindingKind, Severity } from '@pkk/core';
import { Main } from '@/components/layout/main-landmark.tsx';
import { useOpenFindings } from '@/hooks/use-findings.ts';
import { usePush } from '@/hooks/use-push.ts';
import { api } from '@/api/endpoints.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { useServerNow } from '@/hooks/use-live.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { useMe } from '@/hooks/use-session.ts';
import { signalText, summaryOf } from '@/lib/finding-summary.ts';
import { matchersLike } from '@/lib/silences.ts';
import { scopeOf } from '@/lib/scope.ts';
import './inbox.css';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * The inbox of a camat, a lurah or an operator: the open findings of their area as they happen,
 * the most serious first, each with what it rests on (the signals that agree or not, the numbers).
 */
export function InboxView({ index }: { index: RegistryIndex }) {
  const { t } = useTranslation();
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
                {t(`finding.kind.${k}`)}
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

function FindingCard({ finding: f, index }: { finding: Finding; index: RegistryIndex }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const now = useServerNow();
  const s = f.subject;
  const who = s.nip
    ? t('finding.subject.officer', { nip: s.nip })
    : s.desk
      ? t('finding.subject.desk', { desk: s.desk })
      : s.device
        ? t('finding.subject.device', { device: s.device })
        : s.camera
          ? t('finding.subject.camera', { camera: s.camera })
          : s.ticket
            ? t('finding.subject.ticket', { ticket: s.ticket })
            : s.hour
              ? t('finding.subject.hour', { hour: s.hour })
              : '';
  return (
    <li className={`finding finding--${f.severity}`} data-testid="finding" data-kind={f.kind}>
      <div className="finding__head">
        <span className={`badge badge--${f.severity}`}>{t(`severity.${f.severity}`)}</span>
        <strong className="finding__kind">{t(`finding.kind.${f.kind}`)}</strong>
        <span className="finding__since">
          {t('inbox.since', { time: fmt.time(f.from), ago: fmt.duration(Math.max(0, now - f.from)) })}
        </span>
      </div>
      <p className="finding__summary">{summaryOf(f, t, fmt.time)}</p>
      <div className="finding__where">
        <Link to={`/kelurahan/${s.kelurahan}`}>{index.nameOf(s.kelurahan)}</Link>
        {who && <span> · {who}</span>}
      </div>
      <details className="finding__evidence">
        <summary>
          {t('inbox.evidence')} · {t('inbox.confidence', { pct: Math.round(f.confidence * 100) })}
        </summary>
        <ul className="finding__signals">
          {f.evidence.signals.map((sig, i) => (
            <li key={i} className={sig.agrees ? 'agrees' : 'disagrees'}>
              <span aria-hidden="true">{sig.agrees ? '✓' : '✗'}</span> {t(`finding.signal.${sig.name}`)}:{' '}
              {signalText(sig, t)}
            </li>
          ))}
        </ul>
        <p className="finding__refs">{t('inbox.events', { count: f.evidence.events.length })}</p>
      </details>
      <FindingActions finding={f} name={index.nameOf(s.kelurahan)} />
    </li>
  );
}

/** "Bisukan serupa": the silences screen with the matchers of this kind of finding at this office filled in. */
function SilenceLike({ finding: f, name }: { finding: Finding; name: string }) {
  const { t } = useTranslation();
  const query = new URLSearchParams(matchersLike(f).map((m) => ['matcher', m]));
  return (
    <Link
      className="btn btn--ghost finding__silence"
      to={`/silences?${query.toString()}`}
      data-testid="silence-like"
    >
      {t('inbox.silenceLike')}
      <span className="visually-hidden">
        {' '}
        — {t('inbox.silenceLikeHint', { kind: t(`finding.kind.${f.kind}`), name })}
      </span>
    </Link>
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

/** Acknowledge (stops escalation) and comment, recorded with who and when; or silence alerts like it. */
function FindingActions({ finding: f, name }: { finding: Finding; name: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [busy, setBusy] = useState(false);
  const [acked, setAcked] = useState(f.acknowledgedAt);
  const [note, setNote] = useState('');
  const [error, setError] = useState(false);
  const run = async (action: 'acknowledge' | 'comment', text?: string) => {
    setBusy(true);
    setError(false);
    try {
      const res = await api.actOnFinding(f.id, action, text);
      setAcked(res.finding.acknowledgedAt);
      if (action === 'comment') setNote('');
    } catch {
      setError(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="finding__actions">
      {acked ? (
        <span className="finding__acked" data-testid="acked">
          {t('inbox.acknowledgedAt', { time: fmt.time(acked) })}
        </span>
      ) : (
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => void run('acknowledge')}
          data-testid="acknowledge"
        >
          {t('inbox.acknowledge')}
        </button>
      )}
      {f.escalationLevel > 0 && (
        <span className="badge badge--critical">{t('inbox.escalated', { level: f.escalationLevel })}</span>
      )}
      <SilenceLike finding={f} name={name} />
      <form
        className="finding__comment"
        onSubmit={(e) => {
          e.preventDefault();
          if (note.trim()) void run('comment', note.trim());
        }}
      >
        <label className="visually-hidden" htmlFor={`note-${f.id}`}>
          {t('inbox.comment')}
        </label>
        <input
          id={`note-${f.id}`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('inbox.commentPlaceholder')}
          maxLength={2000}
        />
        <button type="submit" className="btn btn--ghost" disabled={busy || !note.trim()}>
          {t('inbox.send')}
        </button>
      </form>
      {error && <span role="alert">{t('common.loadFailed')}</span>}
    </div>
  );
}
