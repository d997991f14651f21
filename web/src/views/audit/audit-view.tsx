import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditHistoryItem, AuditHistoryPage, AuditVerifyReply } from '@pkk/core';
import { api } from '@/api/endpoints.ts';
import { useFormat } from '@/hooks/use-format.ts';
import './audit.css';

const KINDS = ['finding', 'officer', 'camera', 'user', 'device', 'silence'] as const;
type Kind = (typeof KINDS)[number];

/** The audit trail of one finding, officer or camera (and users, devices, silences), newest first. */
export function AuditView({
  initial,
  canVerify,
}: {
  initial: { kind: Kind; id: string } | null;
  canVerify: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [kind, setKind] = useState<Kind>(initial?.kind ?? 'finding');
  const [id, setId] = useState(initial?.id ?? '');
  const [page, setPage] = useState<AuditHistoryPage | null>(null);
  const [older, setOlder] = useState<AuditHistoryItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<AuditVerifyReply | 'running' | null>(null);

  const load = useCallback(
    async (subject: string, before?: string) => {
      setError(null);
      try {
        const p = await api.auditHistory(subject, before);
        if (before) setOlder((o) => [...o, ...p.items]);
        else setOlder([]);
        setPage((cur) => (before && cur ? { ...p, items: cur.items } : p));
      } catch {
        setError(t('audit.error'));
      }
    },
    [t],
  );
  useEffect(() => {
    if (initial) void load(`${initial.kind}:${initial.id}`);
  }, [initial, load]);

  const items = page ? [...page.items, ...older] : [];
  return (
    <main className="audit" data-testid="audit-view">
      <h1>{t('audit.title')}</h1>
      <p className="audit__note">{t('audit.intro')}</p>
      <form
        className="audit__form"
        onSubmit={(e) => {
          e.preventDefault();
          if (id.trim()) void load(`${kind}:${id.trim()}`);
        }}
      >
        <label>
          {t('audit.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="audit-kind">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`audit.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.id')}
          <input value={id} onChange={(e) => setId(e.target.value)} data-testid="audit-id" required />
        </label>
        <button type="submit">{t('audit.show')}</button>
        {canVerify && (
          <button
            type="button"
            data-testid="audit-verify"
            disabled={verdict === 'running'}
            onClick={() => {
              setVerdict('running');
              api.verifyAudit().then(setVerdict, () => setVerdict(null));
            }}
          >
            {t('audit.verifyAll')}
          </button>
        )}
      </form>
      {verdict && verdict !== 'running' && (
        <p className={verdict.ok ? 'audit__ok' : 'audit__bad'} role="status" data-testid="audit-verdict">
          {verdict.ok
            ? t('audit.chainOk', { rows: f.num(verdict.rows), ms: f.num(verdict.ms) })
            : t('audit.chainBad', { count: verdict.problems.length })}
          {!verdict.ok &&
            verdict.problems.slice(0, 5).map((p) => (
              <span key={`${p.kind}-${p.seq}`} className="audit__problem">
                {t(`audit.problem.${p.kind}`, { defaultValue: p.kind })} #{p.seq}
              </span>
            ))}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {page && (
        <>
          <p className="audit__head" data-testid="audit-head">
            {t('audit.head', { seq: page.head.seq })} <code>{page.head.hash.slice(0, 16)}…</code>
          </p>
          {items.length === 0 ? (
            <p data-testid="audit-empty">{t('audit.empty')}</p>
          ) : (
            <table className="audit__table" data-testid="audit-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('audit.when')}</th>
                  <th>{t('audit.who')}</th>
                  <th>{t('audit.what')}</th>
                  <th>{t('audit.detail')}</th>
                  <th>{t('audit.check')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.seq} data-testid="audit-row">
                    <td>{r.seq}</td>
                    <td>
                      {f.date(r.at)} {f.time(r.at)}
                    </td>
                    <td>{r.actor}</td>
                    <td>
                      {r.action}
                      {r.subject !== `${kind}:${id.trim()}` && (
                        <span className="audit__subject"> · {r.subject}</span>
                      )}
                    </td>
                    <td className="audit__payload">{JSON.stringify(r.payload)}</td>
                    <td className={r.verified ? 'audit__ok' : 'audit__bad'}>
                      {r.verified ? t('audit.verified') : t('audit.broken')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {page.next && (
            <button type="button" onClick={() => void load(`${kind}:${id.trim()}`, page.next ?? undefined)}>
              {t('audit.older')}
            </button>
          )}
        </>
      )}
    </main>
  );
}
