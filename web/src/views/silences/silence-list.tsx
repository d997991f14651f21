import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Silence } from '@pkk/core';
import { api } from '@/api/endpoints.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { useServerNow } from '@/hooks/use-live.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { formatMatchers, silenceState, sortSilences } from '@/lib/silences.ts';

const STATES = ['active', 'pending', 'expired'] as const;

/** Silences by state (active, scheduled, ended in the last week), each with its matchers, window, author and reason. */
export function SilenceList({
  items,
  index,
  onChanged,
  empty,
}: {
  items: readonly Silence[];
  index: RegistryIndex;
  onChanged: (s: Silence) => void;
  empty: string;
}) {
  const { t } = useTranslation();
  const now = useServerNow();
  const sorted = sortSilences(items, now);
  if (!sorted.length)
    return (
      <p className="sil__note" data-testid="silences-empty">
        {empty}
      </p>
    );
  return (
    <>
      {STATES.map((state) => {
        const list = sorted.filter((s) => silenceState(s, now) === state);
        if (!list.length) return null;
        return (
          <section key={state} className="sil__group" aria-labelledby={`sil-group-${state}`}>
            <h3 id={`sil-group-${state}`}>{t(`silences.section.${state}`, { count: list.length })}</h3>
            <ul className="sil__list">
              {list.map((s) => (
                <SilenceCard key={s.id} silence={s} state={state} index={index} onChanged={onChanged} />
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

/** Names the offices and kecamatan a silence's equality matchers point at, for a reader who does not know the codes. */
function areaNames(matchers: readonly string[], index: RegistryIndex): string[] {
  return matchers.flatMap((m) => {
    const hit = /^(kelurahan|kecamatan)="([0-9.]+)"$/.exec(m);
    if (!hit) return [];
    return [hit[1] === 'kelurahan' ? index.nameOf(hit[2]!) : (index.kecamatan.get(hit[2]!)?.name ?? hit[2]!)];
  });
}

function SilenceCard({
  silence: s,
  state,
  index,
  onChanged,
}: {
  silence: Silence;
  state: Silence['state'];
  index: RegistryIndex;
  onChanged: (s: Silence) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const w = f.window(s.startsAt, s.endsAt);
  const names = areaNames(s.matchers, index);
  const expire = async () => {
    setBusy(true);
    setFailed(false);
    try {
      onChanged((await api.expireSilence(s.id)).silence);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className={`sil-card sil-card--${state}`} data-testid="silence" data-state={state} data-id={s.id}>
      <div className="sil-card__head">
        <span className={`sil-badge sil-badge--${state}`}>{t(`silences.state.${state}`)}</span>
        <span className="sil-card__window">{t('silences.window', { ...w, zone: f.zoneLabel })}</span>
        {state === 'expired' && s.expiredAt !== null && s.expiredAt <= s.endsAt && (
          <span className="sil-card__ended">{t('silences.endedEarly', { time: f.time(s.expiredAt) })}</span>
        )}
      </div>
      <code
        className="sil-card__matchers"
        aria-label={t('silences.matchersOf')}
        data-testid="silence-matchers-text"
      >
        {formatMatchers(s.matchers)}
      </code>
      {names.length > 0 && <div className="sil-card__names">{names.join(' · ')}</div>}
      <p className="sil-card__comment">{s.comment}</p>
      <div className="sil-card__foot">
        <span className="sil-card__by">
          {t('silences.by', {
            who: s.createdBy ?? t('silences.bySystem'),
            time: `${f.shortDate(s.createdAt)} ${f.time(s.createdAt)}`,
          })}
        </span>
        {state !== 'expired' && (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void expire()}
            data-testid="silence-expire"
          >
            {t('silences.expire')}
          </button>
        )}
        {failed && <span role="alert">{t('silences.expireFailed')}</span>}
      </div>
    </li>
  );
}
