import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Finding } from '@pkk/core';
import { api } from '@/api/endpoints.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { useServerNow } from '@/hooks/use-live.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { kindOf, signalNameOf, signalText, subjectOf, summaryOf } from '@/lib/finding-summary.ts';
import { matchersLike } from '@/lib/silences.ts';
import './finding-card.css';

/**
 * One finding as the inbox and its own page show it: kind, since when, the line in words, the office
 * and who it is about, its evidence signal by signal, and what can be done about it.
 */
export function FindingCard({
  finding: f,
  index,
  open = false,
}: {
  finding: Finding;
  index: RegistryIndex;
  /** Its evidence shown at once (the finding's own page). */
  open?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const now = useServerNow();
  const s = f.subject;
  const who = subjectOf(f, i18n.language);
  return (
    <li className={`finding finding--${f.severity}`} data-testid="finding" data-kind={f.kind}>
      <div className="finding__head">
        <span className={`badge badge--${f.severity}`}>{t(`severity.${f.severity}`)}</span>
        <Link className="finding__kind" to={`/findings/${f.id}`} data-testid="finding-link">
          <strong>{kindOf(f.kind, i18n.language)}</strong>
        </Link>
        <span className="finding__since">
          {t('inbox.since', { time: fmt.time(f.from), ago: fmt.duration(Math.max(0, now - f.from)) })}
        </span>
      </div>
      <p className="finding__summary">{summaryOf(f, i18n.language, fmt.time)}</p>
      <div className="finding__where">
        <Link to={`/kelurahan/${s.kelurahan}`}>{index.nameOf(s.kelurahan)}</Link>
        {who && <span> · {who}</span>}
      </div>
      <details className="finding__evidence" open={open}>
        <summary>
          {t('inbox.evidence')} · {t('inbox.confidence', { pct: Math.round(f.confidence * 100) })}
        </summary>
        <ul className="finding__signals">
          {f.evidence.signals.map((sig, i) => (
            <li key={i} className={sig.agrees ? 'agrees' : 'disagrees'}>
              <span aria-hidden="true">{sig.agrees ? '✓' : '✗'}</span> {signalNameOf(sig.name, i18n.language)}
              : {signalText(sig, i18n.language)}
            </li>
          ))}
        </ul>
        <p className="finding__refs">{t('inbox.events', { count: f.evidence.events.length })}</p>
      </details>
      {f.state === 'open' && <FindingActions finding={f} name={index.nameOf(s.kelurahan)} />}
    </li>
  );
}

/** "Bisukan serupa": the silences screen with the matchers of this kind of finding at this office filled in. */
function SilenceLike({ finding: f, name }: { finding: Finding; name: string }) {
  const { t, i18n } = useTranslation();
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
        — {t('inbox.silenceLikeHint', { kind: kindOf(f.kind, i18n.language), name })}
      </span>
    </Link>
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
