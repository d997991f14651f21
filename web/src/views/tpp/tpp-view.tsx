import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TppMonthResponse } from '@pkk/core';
import { ApiError } from '@/api/http.ts';
import { tppApi } from '@/api/tpp.ts';
import { useServerNow } from '@/hooks/use-live.ts';
import { LineDetail } from './line-detail.tsx';
import { useRupiah } from './rupiah.ts';
import './tpp.css';

/** The month of a WIB moment, e.g. 2026-11. */
function monthOf(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 7);
}

/**
 * TPP per unit (issue 19 §5): the month's table for the lines this account may see, each row opening
 * its line down to the finding, its events, the snapshot and the appeal; HR and admins recompute,
 * lock, publish and correct; corrections posted in the month are listed; TYPICAL rule values are shown
 * as the assumptions they are.
 */
export function TppView() {
  const { t } = useTranslation();
  const rp = useRupiah();
  const now = useServerNow();
  const [month, setMonth] = useState(() => monthOf(now));
  const [data, setData] = useState<TppMonthResponse | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await tppApi.month(month));
      setFailed(null);
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
    }
  }, [month]);
  useEffect(() => {
    setData(null);
    setOpen(null);
    void load();
  }, [load]);

  const act = async (what: 'run' | 'lock' | 'publish' | 'correct') => {
    setBusy(true);
    setNotice(null);
    try {
      if (what === 'correct') {
        const reason = window.prompt(t('tpp.correctReason'));
        if (!reason) return;
        await tppApi.correct(month, reason);
      } else await tppApi[what](month);
      setNotice(t(`tpp.done.${what}`));
      await load();
    } catch (e) {
      setNotice(e instanceof ApiError ? `${e.message}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  const state = data?.period.state ?? 'none';
  return (
    <div className="tpp" data-testid="tpp">
      <div className="tpp__head">
        <h1 className="tpp__title">{t('tpp.title')}</h1>
        <label className="tpp__month">
          {t('tpp.month')}
          <input
            type="month"
            value={month}
            onChange={(e) => e.target.value && setMonth(e.target.value)}
            data-testid="tpp-month"
          />
        </label>
        <span className={`tpp__state tpp__state--${state}`} data-testid="tpp-state">
          {t(`tpp.state.${state}`)}
        </span>
      </div>
      <p className="tpp__intro">{t('tpp.intro')}</p>

      {data?.canManage && (
        <div className="tpp__actions">
          <button
            type="button"
            className="btn"
            disabled={busy || (state !== 'draft' && state !== 'none')}
            onClick={() => void act('run')}
            data-testid="tpp-run"
          >
            {t('tpp.action.run')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy || state !== 'draft'}
            onClick={() => void act('lock')}
            data-testid="tpp-lock"
          >
            {t('tpp.action.lock')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy || state !== 'locked'}
            onClick={() => void act('publish')}
            data-testid="tpp-publish"
          >
            {t('tpp.action.publish')}
          </button>
          <button
            type="button"
            className="btn btn--ghost"
            disabled={busy || (state !== 'locked' && state !== 'published')}
            onClick={() => void act('correct')}
            data-testid="tpp-correct"
          >
            {t('tpp.action.correct')}
          </button>
        </div>
      )}
      {notice && (
        <p className="tpp__notice" role="status" data-testid="tpp-notice">
          {notice}
        </p>
      )}

      {failed && !data ? (
        <p className="tpp__note">{t('common.loadFailed')}</p>
      ) : !data ? (
        <div className="tpp__note">
          <div className="spinner" />
          {t('common.loading')}
        </div>
      ) : !data.period.run ? (
        <p className="tpp__note" data-testid="tpp-empty">
          {t('tpp.noRun')}
        </p>
      ) : (
        <>
          <dl className="tpp__totals" data-testid="tpp-totals">
            <div>
              <dt>{t('tpp.officers')}</dt>
              <dd>{data.totals.officers}</dd>
            </div>
            <div>
              <dt>{t('tpp.basic')}</dt>
              <dd>{rp(data.totals.basic)}</dd>
            </div>
            <div>
              <dt>{t('tpp.paid')}</dt>
              <dd>{rp(data.totals.paid)}</dd>
            </div>
            <div>
              <dt>{t('tpp.withheld')}</dt>
              <dd>{rp(data.totals.withheld)}</dd>
            </div>
            <div>
              <dt>{t('tpp.payable')}</dt>
              <dd>{rp(data.totals.payable)}</dd>
            </div>
          </dl>
          <div className="tpp__tablewrap">
            <table className="tpp__table" data-testid="tpp-table">
              <thead>
                <tr>
                  <th scope="col">{t('tpp.officer')}</th>
                  <th scope="col" className="num">
                    {t('tpp.basic')}
                  </th>
                  <th scope="col" className="num">
                    {t('tpp.deductions')}
                  </th>
                  <th scope="col" className="num">
                    {t('tpp.paid')}
                  </th>
                  <th scope="col">{t('tpp.gate')}</th>
                </tr>
              </thead>
              <tbody>
                {data.lines.map((l) => (
                  <tr
                    key={l.nip}
                    className={open === l.nip ? 'is-open' : undefined}
                    data-testid="tpp-row"
                    data-nip={l.nip}
                  >
                    <td>
                      <button
                        type="button"
                        className="linklike"
                        onClick={() => setOpen(open === l.nip ? null : l.nip)}
                        aria-expanded={open === l.nip}
                      >
                        {l.name ?? l.nip}
                      </button>
                      <div className="tpp__nip">{l.nip}</div>
                    </td>
                    <td className="num">{rp(l.basic)}</td>
                    <td className="num">
                      {rp(l.basic - l.paid)} <span className="tpp__count">({l.deductions})</span>
                    </td>
                    <td className="num">{rp(l.paid)}</td>
                    <td>
                      {l.reasons.length ? (
                        <span className="tpp__withheld" data-testid="tpp-withheld">
                          {t('tpp.withheldBecause', {
                            reasons: l.reasons.map((r) => t(`tpp.reason.${r}`)).join(', '),
                          })}
                        </span>
                      ) : (
                        <span className="tpp__ok">{t('tpp.payableNow')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {open && <LineDetail month={month} nip={open} onClose={() => setOpen(null)} />}
          <section className="tpp__section" data-testid="tpp-corrections">
            <h2>{t('tpp.correctionsTitle')}</h2>
            {data.corrections.length ? (
              <ul className="tpp__list">
                {data.corrections.map((c) => (
                  <li key={c.id} data-testid="tpp-correction">
                    {t('tpp.correctionLine', {
                      nip: c.nip,
                      month: c.correctsMonth,
                      delta: rp(c.correction.paid.delta),
                      reason: c.reason,
                    })}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="tpp__note">{t('tpp.noCorrections')}</p>
            )}
          </section>
          <section className="tpp__section">
            <h2>{t('tpp.runTitle')}</h2>
            <p className="tpp__hashes" data-testid="tpp-hashes">
              {t('tpp.runLine', {
                id: data.period.run.id,
                by: data.period.run.createdBy,
                rules: data.period.run.rulesHash.slice(0, 12),
                run: data.period.run.runHash.slice(0, 12),
              })}
            </p>
            {data.period.run.refused.length > 0 && (
              <ul className="tpp__list" data-testid="tpp-refused">
                {data.period.run.refused.map((r) => (
                  <li key={r.nip}>{t('tpp.refusedLine', r)}</li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      {data && (
        <details className="tpp__section tpp__assumptions" data-testid="tpp-assumptions">
          <summary>{t('tpp.assumptionsTitle', { n: data.assumptions.length })}</summary>
          <p className="tpp__note">{t('tpp.assumptionsIntro')}</p>
          <ul className="tpp__list">
            {data.assumptions.map((a) => (
              <li key={`${a.file}:${a.path}`}>
                <code>
                  {a.file}.yaml {a.path}
                </code>{' '}
                = <code>{JSON.stringify(a.value)}</code> · {a.rule} · {a.source}
                {a.note ? ` · ${a.note}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
