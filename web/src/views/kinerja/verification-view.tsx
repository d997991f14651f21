import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppealView, FindingKind, RealisationView } from '@pkk/core';
import { ApiError } from '@/api/http.ts';
import { kinerjaApi, type VerificationQueue } from '@/api/kinerja.ts';
import { Main } from '@/components/layout/main-landmark.tsx';
import { useFormat } from '@/hooks/use-format.ts';
import { kindOf } from '@/lib/finding-summary.ts';
import { EvidenceList } from './evidence-list.tsx';
import './kinerja.css';

/**
 * Antrian Verifikasi: what waits for the signed-in superior or verifikator, oldest first, each with
 * its evidence and signature check; validate, or reject with a reason; bulk validation only of items
 * whose every signature verifies. Appeals this person decides, and superiors past their deadline.
 */
export function VerificationView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [q, setQ] = useState<VerificationQueue | null>(null);
  const [appeals, setAppeals] = useState<AppealView[]>([]);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [note, setNote] = useState<string | null>(null);
  const load = useCallback(async () => {
    const [queue, a] = await Promise.all([kinerjaApi.queue(), kinerjaApi.appeals()]);
    setQ(queue);
    setAppeals(a.items.filter((x) => x.standing === 'contested'));
    setPicked(new Set());
  }, []);
  useEffect(() => void load().catch(() => setNote(t('common.loadFailed'))), [load, t]);

  const safe = (r: RealisationView) => r.evidence.length > 0 && r.evidence.every((e) => e.signature.valid);
  const bulk = async () => {
    const res = await kinerjaApi.validateBulk([...picked]);
    setNote(t('kinerja.queue.bulkDone', { validated: res.validated.length, skipped: res.skipped.length }));
    await load();
  };

  return (
    <Main className="kinerja" data-testid="verification">
      <h1 className="kinerja__title">{t('kinerja.queue.title')}</h1>
      {note ? <p role="status">{note}</p> : null}
      {!q ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          {q.overdue.length ? (
            <div className="kinerja__overdue" data-testid="overdue">
              <strong>{t('kinerja.queue.overdueTitle')}</strong>
              <ul>
                {q.overdue.map((o) => (
                  <li key={o.nip}>
                    {t('kinerja.queue.overdue', {
                      name: o.name ?? o.nip,
                      nip: o.nip,
                      count: o.count,
                      date: fmt.date(o.oldestDueAt - 1),
                    })}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="kinerja__row">
            <h2>{t('kinerja.queue.waiting', { count: q.items.length })}</h2>
            <button
              type="button"
              disabled={picked.size === 0}
              onClick={() => void bulk()}
              data-testid="bulk-validate"
            >
              {t('kinerja.queue.bulk', { count: picked.size })}
            </button>
          </div>
          {q.items.length === 0 ? (
            <p className="kinerja__muted" data-testid="queue-empty">
              {t('kinerja.queue.empty')}
            </p>
          ) : (
            <ul className="kinerja__list">
              {q.items.map((r) => (
                <QueueItem
                  key={r.id}
                  r={r}
                  safe={safe(r)}
                  picked={picked.has(r.id)}
                  onPick={(on) =>
                    setPicked((s) => {
                      const n = new Set(s);
                      if (on) n.add(r.id);
                      else n.delete(r.id);
                      return n;
                    })
                  }
                  onDone={load}
                />
              ))}
            </ul>
          )}
          {appeals.length ? (
            <>
              <h2>{t('kinerja.queue.appeals')}</h2>
              <ul className="kinerja__list">
                {appeals.map((a) => (
                  <AppealItem key={a.findingId} a={a} onDone={load} />
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </Main>
  );
}

function QueueItem({
  r,
  safe,
  picked,
  onPick,
  onDone,
}: {
  r: RealisationView;
  safe: boolean;
  picked: boolean;
  onPick: (on: boolean) => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = async (outcome: 'validated' | 'rejected') => {
    setError(null);
    try {
      await kinerjaApi.decide(r.id, outcome, reason);
      await onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <li className="kinerja__card" data-testid="queue-item">
      <div className="kinerja__row">
        <label className="kinerja__pick">
          <input
            type="checkbox"
            disabled={!safe}
            checked={picked}
            onChange={(e) => onPick(e.target.checked)}
            aria-label={t('kinerja.queue.pick')}
          />
          <strong>{r.name}</strong>
        </label>
        <span className="kinerja__muted">{r.nip}</span>
      </div>
      <p>
        {r.indicator}: {r.realised}/{r.target} {r.unit} · {r.activityDate}
        {r.late ? <span className="kinerja__late"> · {t('kinerja.month.late')}</span> : null}
      </p>
      {r.waitingOn ? (
        <p className={r.waitingOn.overdue ? 'kinerja__late' : 'kinerja__muted'}>
          {t('kinerja.queue.submitted', { date: fmt.date(r.submittedAt) })} ·{' '}
          {t(`kinerja.waiting.${r.waitingOn.layer}`, { date: fmt.date(r.waitingOn.dueAt - 1) })}
        </p>
      ) : null}
      {r.note ? <p>“{r.note}”</p> : null}
      <EvidenceList items={r.evidence} />
      <div className="kinerja__actions">
        <button type="button" onClick={() => void decide('validated')} data-testid="validate">
          {t('kinerja.queue.validate')}
        </button>
        <input
          placeholder={t('kinerja.queue.reason')}
          value={reason}
          maxLength={1000}
          onChange={(e) => setReason(e.target.value)}
          data-testid="reject-reason"
        />
        <button
          type="button"
          disabled={!reason.trim()}
          onClick={() => void decide('rejected')}
          data-testid="reject"
        >
          {t('kinerja.queue.reject')}
        </button>
      </div>
      {error ? <p className="kinerja__error">{error}</p> : null}
    </li>
  );
}

function AppealItem({ a, onDone }: { a: AppealView; onDone: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = async (outcome: 'upheld' | 'overturned') => {
    try {
      await kinerjaApi.decideAppeal(a.findingId, outcome, text);
      await onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <li className="kinerja__card" data-testid="appeal-item">
      <p>
        <strong>{kindOf(a.kind as FindingKind, i18n.language)}</strong> · {a.nip} · {a.date}
      </p>
      <p className={a.overdue ? 'kinerja__late' : 'kinerja__muted'}>
        {t('kinerja.appeal.due', { date: fmt.date(a.dueAt - 1) })}
        {a.escalations ? ` · ${t('kinerja.appeal.escalated', { count: a.escalations })}` : ''}
      </p>
      <EvidenceList items={a.evidence} />
      <div className="kinerja__actions">
        <input
          placeholder={t('kinerja.appeal.grounds')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="button" disabled={!text.trim()} onClick={() => void decide('upheld')}>
          {t('kinerja.appeal.uphold')}
        </button>
        <button type="button" disabled={!text.trim()} onClick={() => void decide('overturned')}>
          {t('kinerja.appeal.overturn')}
        </button>
      </div>
      {error ? <p className="kinerja__error">{error}</p> : null}
    </li>
  );
}
