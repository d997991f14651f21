import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding, FindingDetail, Me } from '@pkk/core';
import { api } from '@/api/endpoints.ts';
import { Main } from '@/components/layout/main-landmark.tsx';
import { useFormat } from '@/hooks/use-format.ts';
import { useServerNow } from '@/hooks/use-live.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { useMe } from '@/hooks/use-session.ts';
import { kindOf, signalNameOf, signalText, subjectOf, summaryOf } from '@/lib/finding-summary.ts';
import './appeals.css';

/** What the signed-in person does here: contest their own findings, their staff's, or decide appeals. */
export type AppealRole = 'officer' | 'lurah' | 'verifikator';

export function appealRoleOf(me: Me): AppealRole | null {
  if (me.role === 'asn' && me.nip) return 'officer';
  if (me.role === 'lurah' && me.kelurahanCode) return 'lurah';
  if (me.role === 'verifikator' || me.role === 'admin') return 'verifikator';
  return null;
}

function queryFor(me: Me, role: AppealRole): string {
  if (role === 'officer') return `state=all&nip=${me.nip}&limit=200`;
  if (role === 'lurah') return `state=all&kelurahan=${me.kelurahanCode}&limit=500`;
  return 'state=all&standing=contested&limit=500';
}

/**
 * Keberatan: a finding about a person may cost them money, so they (or their lurah) can contest it
 * inside its window with a reason, and a verifikator decides with the grounds. Everything shown
 * here is in the finding's history with who and when.
 */
export function AppealsView({ index }: { index: RegistryIndex }) {
  const { t } = useTranslation();
  const me = useMe();
  const role = appealRoleOf(me)!;
  const [items, setItems] = useState<Finding[] | null>(null);
  const [failed, setFailed] = useState(false);
  const load = useCallback(async () => {
    try {
      const res = await api.findings(queryFor(me, role));
      setItems(res.items.filter((f) => f.standing !== null));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [me, role]);
  useEffect(() => void load(), [load]);

  return (
    <Main className="appeals" data-testid="appeals">
      <h1 className="appeals__title">{t(`appeals.title.${role}`)}</h1>
      <p className="appeals__intro">{t(`appeals.intro.${role}`)}</p>
      {failed && !items ? (
        <p className="appeals__note">{t('common.loadFailed')}</p>
      ) : !items ? (
        <div className="appeals__note">
          <div className="spinner" />
          {t('common.loading')}
        </div>
      ) : items.length ? (
        <ul className="appeals__list">
          {items.map((f) => (
            <AppealCard
              key={f.id}
              finding={f}
              role={role}
              index={index}
              onChanged={(n) => setItems((list) => list?.map((x) => (x.id === n.id ? n : x)) ?? null)}
            />
          ))}
        </ul>
      ) : (
        <p className="appeals__note" data-testid="appeals-empty">
          {t(`appeals.empty.${role}`)}
        </p>
      )}
    </Main>
  );
}

function AppealCard({
  finding: f,
  role,
  index,
  onChanged,
}: {
  finding: Finding;
  role: AppealRole;
  index: RegistryIndex;
  onChanged(f: Finding): void;
}) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const now = useServerNow();
  const [detail, setDetail] = useState<FindingDetail | null>(null);
  const contested = f.standing === 'contested';
  useEffect(() => {
    if (contested) api.findingDetail(f.id).then(setDetail, () => setDetail(null));
  }, [f.id, contested, f.updatedAt]);
  const reason = detail?.history.filter((h) => h.action === 'contested').at(-1);
  const canContest =
    role !== 'verifikator' && f.standing === 'pending' && f.appealEndsAt !== null && now < f.appealEndsAt;
  const canDecide = role === 'verifikator' && contested;

  return (
    <li
      className={`appeal appeal--${f.standing}`}
      data-testid="appeal"
      data-standing={f.standing}
      data-kind={f.kind}
    >
      <div className="appeal__head">
        <strong>{kindOf(f.kind, i18n.language)}</strong>
        <span className={`standing standing--${f.standing}`} data-testid="standing">
          {f.standing && t(`appeals.standing.${f.standing}`)}
        </span>
      </div>
      <p className="appeal__summary">{summaryOf(f, i18n.language, fmt.time)}</p>
      <p className="appeal__where">
        {fmt.date(f.from)} · {index.nameOf(f.subject.kelurahan)}
        {f.subject.nip && role !== 'officer' ? ` · ${subjectOf(f, i18n.language)}` : ''}
      </p>
      {f.standing === 'pending' && f.appealEndsAt !== null && (
        <p className="appeal__deadline">
          {t('appeals.until', { date: fmt.date(f.appealEndsAt - 1), time: fmt.time(f.appealEndsAt - 1) })}
        </p>
      )}
      <ul className="appeal__signals">
        {f.evidence.signals.map((sig, i) => (
          <li key={i}>
            <span aria-hidden="true">{sig.agrees ? '✓' : '✗'}</span> {signalNameOf(sig.name, i18n.language)}:{' '}
            {signalText(sig, i18n.language)}
          </li>
        ))}
      </ul>
      {reason && (
        <blockquote className="appeal__reason" data-testid="contest-reason">
          <strong>{t('appeals.reasonBy', { who: reason.by ?? '—', time: fmt.time(reason.at) })}</strong>
          <span>{(reason.detail as { text?: string }).text}</span>
        </blockquote>
      )}
      {canContest && <ReasonForm finding={f} kind="contest" onDone={onChanged} />}
      {canDecide && <ReasonForm finding={f} kind="decide" onDone={onChanged} />}
    </li>
  );
}

function ReasonForm({
  finding: f,
  kind,
  onDone,
}: {
  finding: Finding;
  kind: 'contest' | 'decide';
  onDone(f: Finding): void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `${kind}-${f.id}`;
  const send = async (outcome?: 'upheld' | 'overturned') => {
    setBusy(true);
    setError(null);
    try {
      const res =
        kind === 'contest'
          ? await api.contestFinding(f.id, text.trim())
          : await api.decideFinding(f.id, outcome!, text.trim());
      onDone(res.finding);
    } catch (err) {
      setError(err instanceof Error ? err.message : t('common.loadFailed'));
    } finally {
      setBusy(false);
    }
  };
  const tooShort = text.trim().length < 10;
  return (
    <form
      className="appeal__form"
      onSubmit={(e) => {
        e.preventDefault();
        if (kind === 'contest' && !tooShort) void send();
      }}
    >
      <label htmlFor={id}>{t(`appeals.${kind}.label`)}</label>
      <textarea
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={3}
        maxLength={4000}
        placeholder={t(`appeals.${kind}.placeholder`)}
        data-testid={`${kind}-text`}
      />
      <div className="appeal__buttons">
        {kind === 'contest' ? (
          <button type="submit" className="btn" disabled={busy || tooShort} data-testid="contest-submit">
            {t('appeals.contest.submit')}
          </button>
        ) : (
          <>
            <button
              type="button"
              className="btn"
              disabled={busy || tooShort}
              onClick={() => void send('upheld')}
              data-testid="decide-uphold"
            >
              {t('appeals.decide.uphold')}
            </button>
            <button
              type="button"
              className="btn btn--ghost"
              disabled={busy || tooShort}
              onClick={() => void send('overturned')}
              data-testid="decide-overturn"
            >
              {t('appeals.decide.overturn')}
            </button>
          </>
        )}
        {tooShort && text.length > 0 && <span className="appeal__hint">{t('appeals.tooShort')}</span>}
      </div>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
