import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingKind, MyMonth } from '@pkk/core';
import { ApiError } from '@/api/http.ts';
import { kinerjaApi, uploadSignedEvidence } from '@/api/kinerja.ts';
import { Main } from '@/components/layout/main-landmark.tsx';
import { useFormat } from '@/hooks/use-format.ts';
import { useMe } from '@/hooks/use-session.ts';
import { kindOf } from '@/lib/finding-summary.ts';
import { EvidenceList } from './evidence-list.tsx';
import './kinerja.css';

type Target = MyMonth['targets'][number];

const errorText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

/**
 * Bulan Saya: the month's targets and what was realised, evidence upload with the deadline counting
 * down in working days, and my findings with their standing and appeal.
 */
export function MyMonthView() {
  const { t } = useTranslation();
  const [data, setData] = useState<MyMonth | null>(null);
  const [failed, setFailed] = useState(false);
  const load = useCallback(async () => {
    try {
      setData(await kinerjaApi.month());
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <Main className="kinerja" data-testid="my-month">
      <h1 className="kinerja__title">{t('kinerja.month.title')}</h1>
      {failed && !data ? (
        <p>{t('common.loadFailed')}</p>
      ) : !data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <p className="kinerja__muted">
            {t('kinerja.month.intro', { month: data.month })}
            {data.superior ? ` ${t('kinerja.month.superior', { nip: data.superior })}` : ''}
          </p>
          <Assumptions data={data} />
          <h2>{t('kinerja.month.targets')}</h2>
          {data.targets.length === 0 ? (
            <p className="kinerja__muted" data-testid="no-targets">
              {t('kinerja.month.noTargets')}
            </p>
          ) : (
            <ul className="kinerja__list">
              {data.targets.map((x) => (
                <TargetCard key={x.targetId} target={x} windows={data.windows} onChanged={load} />
              ))}
            </ul>
          )}
          <h2>{t('kinerja.month.findings')}</h2>
          {data.findings.length === 0 ? (
            <p className="kinerja__muted">{t('kinerja.month.noFindings')}</p>
          ) : (
            <ul className="kinerja__list">
              {data.findings.map((f) => (
                <FindingRow key={f.id} finding={f} onChanged={load} />
              ))}
            </ul>
          )}
        </>
      )}
    </Main>
  );
}

function Assumptions({ data }: { data: MyMonth }) {
  const { t } = useTranslation();
  const typical = data.ladder.some((l) => l.typical) || data.lateCreditBp.typical;
  return (
    <details className="kinerja__assume" data-testid="assumptions">
      <summary>
        {data.rating
          ? t('kinerja.month.predikat', { predikat: t(`kinerja.predikat.${data.rating.predikat}`) })
          : t('kinerja.month.unrated')}
        {typical ? ` · ${t('kinerja.month.assumption')}` : ''}
      </summary>
      <ul>
        {data.ladder.map((l) => (
          <li key={l.predikat}>
            {t(`kinerja.predikat.${l.predikat}`)}: {l.bp / 100}%{' '}
            {l.typical ? `(${t('kinerja.typical')})` : ''}
          </li>
        ))}
        <li>
          {t('kinerja.month.lateCredit', { pct: data.lateCreditBp.value / 100 })}{' '}
          {data.lateCreditBp.typical ? `(${t('kinerja.typical')})` : ''}
        </li>
      </ul>
    </details>
  );
}

function TargetCard({
  target,
  windows,
  onChanged,
}: {
  target: Target;
  windows: MyMonth['windows'];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const r = target.realisation;
  return (
    <li className="kinerja__card" data-testid="target">
      <div className="kinerja__row">
        <strong>{target.indicator}</strong>
        <span className="kinerja__muted">
          {t('kinerja.month.targetOf', { target: target.target, unit: target.unit, weight: target.weight })}
        </span>
      </div>
      {target.officeKpi ? (
        <p data-testid="office-kpi">
          {t(`kinerja.kpi.${target.officeKpi}`)}:{' '}
          {target.kpiAchievementBp === null ? t('kinerja.kpi.none') : `${target.kpiAchievementBp / 100}%`}
        </p>
      ) : r ? (
        <>
          <p>
            <span className={`kinerja__status kinerja__status--${r.status}`} data-testid="realisation-status">
              {t(`kinerja.status.${r.status}`)}
            </span>{' '}
            {t('kinerja.month.realised', { realised: r.realised, unit: target.unit, date: r.activityDate })}
            {r.late ? <span className="kinerja__late"> · {t('kinerja.month.late')}</span> : null}
          </p>
          {r.waitingOn ? (
            <p className="kinerja__muted">
              {t(`kinerja.waiting.${r.waitingOn.layer}`, { date: fmt.date(r.waitingOn.dueAt - 1) })}
            </p>
          ) : null}
          {r.decisions.map((d, i) => (
            <p key={i} className="kinerja__muted">
              {t(`kinerja.decision.${d.outcome}`)} · {d.by} · {fmt.date(d.at)} {fmt.time(d.at)}
              {d.reason ? `: ${d.reason}` : ''}
            </p>
          ))}
          <EvidenceList items={r.evidence} />
          {r.status === 'rejected' ? (
            <RealisationForm target={target} windows={windows} resubmit={r.id} onDone={onChanged} />
          ) : null}
        </>
      ) : (
        <RealisationForm target={target} windows={windows} onDone={onChanged} />
      )}
    </li>
  );
}

function RealisationForm({
  target,
  windows,
  resubmit,
  onDone,
}: {
  target: Target;
  windows: MyMonth['windows'];
  resubmit?: number;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [date, setDate] = useState(windows[0]?.activityDate ?? '');
  const [realised, setRealised] = useState('');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const w = windows.find((x) => x.activityDate === date);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || !me.nip) return;
    setBusy(true);
    setError(null);
    try {
      const ev = await uploadSignedEvidence(file, { username: me.username, nip: me.nip }, 'realisation');
      const body = { activityDate: date, realised: Number(realised), note, evidenceIds: [ev.id] };
      if (resubmit) await kinerjaApi.resubmit(resubmit, body);
      else await kinerjaApi.submit({ ...body, targetId: target.targetId });
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="kinerja__form" onSubmit={(e) => void submit(e)} data-testid="realisation-form">
      <label>
        {t('kinerja.form.activityDate')}
        <select value={date} onChange={(e) => setDate(e.target.value)} data-testid="activity-date">
          {windows.map((x) => (
            <option key={x.activityDate} value={x.activityDate}>
              {x.activityDate}
            </option>
          ))}
        </select>
      </label>
      {w ? (
        <p className={w.workingDaysLeft > 0 ? 'kinerja__countdown' : 'kinerja__late'} data-testid="countdown">
          {w.workingDaysLeft > 0
            ? t('kinerja.form.daysLeft', { count: w.workingDaysLeft, due: w.dueDate })
            : t('kinerja.form.overdue', { due: w.dueDate })}
        </p>
      ) : null}
      <label>
        {t('kinerja.form.realised', { unit: target.unit })}
        <input
          type="number"
          min={0}
          required
          inputMode="numeric"
          value={realised}
          onChange={(e) => setRealised(e.target.value)}
          data-testid="realised"
        />
      </label>
      <label>
        {t('kinerja.form.note')}
        <input value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <label>
        {t('kinerja.form.file')}
        <input
          type="file"
          required
          accept="application/pdf,image/jpeg,image/png"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          data-testid="evidence-file"
        />
      </label>
      <p className="kinerja__muted">{t('kinerja.form.signNote')}</p>
      {error ? (
        <p className="kinerja__error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy || !file || !date} data-testid="submit-realisation">
        {busy ? t('kinerja.form.sending') : t(resubmit ? 'kinerja.form.resubmit' : 'kinerja.form.submit')}
      </button>
    </form>
  );
}

function FindingRow({ finding, onChanged }: { finding: MyMonth['findings'][number]; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const a = finding.appeal;
  const contest = async (e: FormEvent) => {
    e.preventDefault();
    if (!me.nip) return;
    setError(null);
    try {
      const ids = file
        ? [(await uploadSignedEvidence(file, { username: me.username, nip: me.nip }, 'appeal')).id]
        : [];
      await kinerjaApi.appeal(finding.id, text, ids);
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <li className="kinerja__card" data-testid="my-finding">
      <div className="kinerja__row">
        <strong>{kindOf(finding.kind as FindingKind, i18n.language)}</strong>
        <span className="kinerja__muted">{finding.date}</span>
      </div>
      <p>
        {finding.standing ? t(`appeals.standing.${finding.standing}`) : ''}
        {finding.standing === 'pending' && finding.appealEndsAt
          ? ` · ${t('kinerja.appeal.until', { date: fmt.date(finding.appealEndsAt) })}`
          : ''}
      </p>
      {a ? (
        <>
          <p className="kinerja__muted" data-testid="appeal-state">
            {t(`kinerja.appeal.decider.${a.deciderKind}`, { nip: a.deciderNip ?? '' })} ·{' '}
            {t('kinerja.appeal.due', { date: fmt.date(a.dueAt - 1) })}
            {a.escalations ? ` · ${t('kinerja.appeal.escalated', { count: a.escalations })}` : ''}
          </p>
          <EvidenceList items={a.evidence} />
        </>
      ) : null}
      {finding.standing === 'pending' && !open ? (
        <button type="button" onClick={() => setOpen(true)} data-testid="open-appeal">
          {t('kinerja.appeal.open')}
        </button>
      ) : null}
      {open ? (
        <form className="kinerja__form" onSubmit={(e) => void contest(e)}>
          <label>
            {t('appeals.contest.label')}
            <textarea required value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />
          </label>
          <label>
            {t('kinerja.form.file')}
            <input
              type="file"
              accept="application/pdf,image/jpeg,image/png"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          {error ? <p className="kinerja__error">{error}</p> : null}
          <button type="submit">{t('kinerja.appeal.send')}</button>
        </form>
      ) : null}
    </li>
  );
}
