import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TppDeductionView, TppLineResponse } from '@pkk/core';
import { tppApi } from '@/api/tpp.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { useRupiah } from './rupiah.ts';

/** An exact ratio text (`n/d`) as a percentage with two decimals, for reading; the line keeps the exact value. */
function pct(ratio: string): string {
  const [n, d = '1'] = ratio.split('/');
  return `${((100 * Number(n)) / Number(d)).toFixed(2)} %`;
}

/**
 * One line from its basic to every deduction, each deduction to the finding version it rests on, that
 * version's device records (raw payload hashes) and snapshot, and the finding's appeal history.
 */
export function LineDetail({ month, nip, onClose }: { month: string; nip: string; onClose(): void }) {
  const { t } = useTranslation();
  const rp = useRupiah();
  const [line, setLine] = useState<TppLineResponse | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setLine(null);
    tppApi.line(month, nip).then(setLine, () => setFailed(true));
  }, [month, nip]);

  if (failed) return <p className="tpp__note">{t('common.loadFailed')}</p>;
  if (!line)
    return (
      <div className="tpp__note">
        <div className="spinner" />
        {t('common.loading')}
      </div>
    );
  const l = line.line;
  return (
    <section
      className="tpp__detail"
      data-testid="tpp-line"
      aria-label={t('tpp.lineOf', { name: line.name ?? nip })}
    >
      <div className="tpp__detailhead">
        <h2>{t('tpp.lineOf', { name: line.name ?? nip })}</h2>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('tpp.close')}
        </button>
      </div>
      <dl className="tpp__facts">
        <div>
          <dt>{t('tpp.basic')}</dt>
          <dd>
            {rp(l.basic)}{' '}
            <span className="tpp__sub">
              {l.segments
                .map((s) =>
                  t('tpp.segment', {
                    kelas: s.kelas,
                    from: s.from,
                    to: s.to,
                    days: s.workingDays,
                    w: l.workingDays,
                  }),
                )
                .join(' · ')}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('tpp.kinerja')}</dt>
          <dd data-testid="tpp-kinerja">
            {t('tpp.kinerjaFactor', {
              factor: pct(l.kinerja.factor),
              predikat: l.kinerja.predikat ? t(`tpp.predikat.${l.kinerja.predikat}`) : t('tpp.noKinerja'),
              w: l.weights.kinerjaBp / 100,
            })}
          </dd>
        </div>
        <div>
          <dt>{t('tpp.disiplin')}</dt>
          <dd>
            {t('tpp.disiplinFactor', {
              factor: pct(l.disiplin.factor),
              w: l.weights.disiplinBp / 100,
              base: l.disiplin.cutBase,
            })}
          </dd>
        </div>
        <div>
          <dt>{t('tpp.paid')}</dt>
          <dd>
            <strong>{rp(l.paid)}</strong>
            {l.withheld > 0 && (
              <span className="tpp__withheld">
                {' '}
                {t('tpp.withheldBecause', {
                  reasons: l.gate.reasons.map((r) => t(`tpp.reason.${r}`)).join(', '),
                })}
              </span>
            )}
          </dd>
        </div>
      </dl>
      <h3>{t('tpp.deductions')}</h3>
      <ol className="tpp__deductions">
        {line.deductions.map((d) => (
          <Deduction key={d.key} d={d} />
        ))}
      </ol>
      {line.corrections.length > 0 && (
        <>
          <h3>{t('tpp.correctionsOfLine')}</h3>
          <ul className="tpp__list">
            {line.corrections.map((c) => (
              <li key={c.id}>
                {t('tpp.correctionLine', {
                  nip: c.nip,
                  month: c.postedIn,
                  delta: rp(c.correction.paid.delta),
                  reason: c.reason,
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="tpp__hashes">{t('tpp.lineHash', { hash: line.lineHash })}</p>
    </section>
  );
}

function Deduction({ d }: { d: TppDeductionView }) {
  const { t } = useTranslation();
  const rp = useRupiah();
  const fmt = useFormat();
  const f = d.finding;
  return (
    <li className="tpp__deduction" data-testid="tpp-deduction" data-key={d.key}>
      <div className="tpp__dhead">
        <span>
          {t(`tpp.kind.${d.kind}`, { defaultValue: d.kind })} <span className="tpp__sub">{d.rule}</span>
        </span>
        <strong className="num">{rp(d.amount)}</strong>
      </div>
      {f && (
        <details className="tpp__finding" data-testid="tpp-finding">
          <summary>
            {t('tpp.findingOn', { id: f.id, date: f.date })}
            {f.now && !f.now.sameVersion && <span className="tpp__warn"> {t('tpp.changedSince')}</span>}
            {f.now?.standing && (
              <span className="tpp__sub">
                {' '}
                · {t(`appeals.standing.${f.now.standing}`, { defaultValue: f.now.standing })}
              </span>
            )}
          </summary>
          <p>
            <Link to={`/findings/${f.id}`}>{t('tpp.openFinding')}</Link>
          </p>
          <p className="tpp__hashes">{t('tpp.version', { digest: f.digest.slice(0, 48) })}</p>
          {f.rawPayloads.length > 0 ? (
            <ul className="tpp__list" data-testid="tpp-raw">
              {f.rawPayloads.map((p) => (
                <li key={p.id} className="tpp__hashes">
                  {t('tpp.rawPayload', { id: p.id, sha: p.sha256 })}
                </li>
              ))}
            </ul>
          ) : (
            <p className="tpp__sub">{t('tpp.noDeviceRecord')}</p>
          )}
          {f.snapshot.url && (
            <p className="tpp__hashes">
              <a href={f.snapshot.url} target="_blank" rel="noreferrer">
                {t('tpp.snapshot')}
              </a>{' '}
              SHA-256 {f.snapshot.sha256}
            </p>
          )}
          {f.appeal.length > 0 && (
            <ul className="tpp__list" data-testid="tpp-appeal">
              {f.appeal.map((e, i) => (
                <li key={i}>
                  {fmt.date(Date.parse(e.at))} {fmt.time(Date.parse(e.at))} ·{' '}
                  {t(`tpp.event.${e.action}`, { defaultValue: e.action })}
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </li>
  );
}
