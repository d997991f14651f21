import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Silence } from '@pkk/core';
import { useFormat } from '@/hooks/use-format.ts';
import { useServerNow } from '@/hooks/use-live.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { useMe } from '@/hooks/use-session.ts';
import { inScope, scopeOf } from '@/lib/scope.ts';
import { outageMatchers } from '@/lib/silences.ts';
import { epochOfLocal, localDateTime } from '@/lib/time.ts';
import { sendSilence, windowError, type Errors } from './silence-form.tsx';
import { DateTimeFields, FieldError, WindowPreview, type LocalDateTime } from './window-fields.tsx';

/**
 * Declaring an office out of service (power cut, network down, maintenance) from … to, in WIB: the
 * silence of everything of that kelurahan that the api expects, with the kecamatan a camat must name.
 */
export function OutageForm({ index, onCreated }: { index: RegistryIndex; onCreated: (s: Silence) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const now = useServerNow();
  const offices = useMemo(() => {
    const scope = scopeOf(me);
    return index.registry.kelurahan
      .filter((k) => scope && inScope(scope, k))
      .sort((a, b) => a.name.localeCompare(b.name, 'id'));
  }, [me, index]);
  const [code, setCode] = useState(offices[0]?.code ?? '');
  const [from, setFrom] = useState<LocalDateTime>(() => localDateTime(now, f.zone));
  const [until, setUntil] = useState<LocalDateTime>(() => localDateTime(now + 4 * 3_600_000, f.zone));
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const startsAt = epochOfLocal(from.date, from.time, f.zone);
  const endsAt = epochOfLocal(until.date, until.time, f.zone);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const next: Errors = {};
    const w = windowError(startsAt, endsAt, now, t);
    if (w) next.window = w;
    if (!comment.trim()) next.comment = t('silences.form.errors.comment');
    setErrors(next);
    const k = index.kelurahan.get(code);
    if (Object.keys(next).length || !k) return;
    setBusy(true);
    const r = await sendSilence(outageMatchers(k, me), startsAt!, endsAt!, comment, t);
    setBusy(false);
    if ('errors' in r) return setErrors(r.errors);
    onCreated(r.silence);
    setDone(t('silences.calendar.declared', { name: k.name }));
    setComment('');
  };

  return (
    <form
      className="sil-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="outage-form"
      aria-labelledby="outage-form-title"
    >
      <h3 id="outage-form-title">{t('silences.calendar.declare')}</h3>
      <label htmlFor="outage-kelurahan">{t('silences.calendar.kelurahan')}</label>
      <select
        id="outage-kelurahan"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        disabled={offices.length < 2}
        data-testid="outage-kelurahan"
      >
        {offices.map((k) => (
          <option key={k.code} value={k.code}>
            {k.name} ({k.kecamatanName})
          </option>
        ))}
      </select>
      <FieldError id="outage-matchers-error" text={errors.matchers ?? null} />
      <div className="sil-form__row">
        <DateTimeFields
          id="outage-from"
          legend={t('silences.calendar.from', { zone: f.zoneLabel })}
          dateLabel={t('silences.form.startDate')}
          timeLabel={t('silences.form.startTime')}
          value={from}
          onChange={setFrom}
          invalid={!!errors.window}
          describedBy={errors.window ? 'outage-window-error' : undefined}
        />
        <DateTimeFields
          id="outage-until"
          legend={t('silences.calendar.until', { zone: f.zoneLabel })}
          dateLabel={t('silences.form.endDate')}
          timeLabel={t('silences.form.endTime')}
          value={until}
          onChange={setUntil}
          invalid={!!errors.window}
          describedBy={errors.window ? 'outage-window-error' : undefined}
        />
      </div>
      <WindowPreview from={startsAt} to={endsAt} />
      <FieldError id="outage-window-error" text={errors.window ?? null} />
      <label htmlFor="outage-comment">{t('silences.calendar.reason')}</label>
      <textarea
        id="outage-comment"
        rows={2}
        maxLength={500}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('silences.calendar.reasonPlaceholder')}
        aria-invalid={errors.comment ? true : undefined}
        aria-describedby={errors.comment ? 'outage-comment-error' : undefined}
        data-testid="outage-comment"
      />
      <FieldError id="outage-comment-error" text={errors.comment ?? null} />
      <FieldError id="outage-form-error" text={errors.form ?? null} />
      <div className="sil-form__actions">
        <button
          type="submit"
          className="btn btn--primary"
          disabled={busy || !code}
          data-testid="outage-submit"
        >
          {busy ? t('silences.form.saving') : t('silences.calendar.submit')}
        </button>
        {done && (
          <span className="sil-form__done" role="status" data-testid="outage-declared">
            {done}
          </span>
        )}
      </div>
    </form>
  );
}
