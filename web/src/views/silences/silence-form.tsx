import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Silence } from '@pkk/core';
import { api } from '@/api/endpoints.ts';
import { ApiError } from '@/api/http.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { useServerNow } from '@/hooks/use-live.ts';
import { useMe } from '@/hooks/use-session.ts';
import {
  areaMatcher,
  checkMatcherInput,
  DURATIONS,
  formatMatchers,
  parseMatcherInput,
  withAreaMatcher,
} from '@/lib/silences.ts';
import { epochOfLocal, localDateTime } from '@/lib/time.ts';
import { DateTimeFields, FieldError, WindowPreview, type LocalDateTime } from './window-fields.tsx';

export type Errors = Partial<Record<'matchers' | 'window' | 'comment' | 'form', string>>;

/** What is wrong with a window typed in WIB (unreadable, backwards, already over), or null. */
export function windowError(
  startsAt: number | null,
  endsAt: number | null,
  now: number,
  t: TFunction,
): string | null {
  if (startsAt === null || endsAt === null) return t('silences.form.errors.window');
  if (endsAt <= startsAt) return t('silences.form.errors.order');
  if (endsAt <= now) return t('silences.form.errors.past');
  return null;
}

/** Creates the silence; the api's refusal comes back as errors on the fields it names. */
export async function sendSilence(
  matchers: string[],
  startsAt: number,
  endsAt: number,
  comment: string,
  t: TFunction,
): Promise<{ silence: Silence } | { errors: Errors }> {
  try {
    const res = await api.createSilence({
      matchers,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      comment: comment.trim(),
    });
    return { silence: res.silence };
  } catch (err) {
    return { errors: serverErrors(err, t) };
  }
}

/**
 * A new silence: matchers in Alertmanager's syntax, checked by core's own parser as they would be by
 * the api (a camat or lurah gets their area matcher filled in, and is told when it is missing), a
 * start and a duration or an end in WIB, and a reason.
 */
export function SilenceForm({
  prefill,
  onCreated,
}: {
  prefill: readonly string[];
  onCreated: (s: Silence) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const now = useServerNow();
  const area = areaMatcher(me);
  const [matchers, setMatchers] = useState(() => withAreaMatcher(prefill, area).join('\n'));
  const [start, setStart] = useState<LocalDateTime>(() => localDateTime(now, f.zone));
  const [length, setLength] = useState<string>(String(DURATIONS[1]));
  const [end, setEnd] = useState<LocalDateTime>(() => localDateTime(now + 2 * 3_600_000, f.zone));
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  const startsAt = epochOfLocal(start.date, start.time, f.zone);
  const endsAt =
    length === 'until'
      ? epochOfLocal(end.date, end.time, f.zone)
      : startsAt === null
        ? null
        : startsAt + Number(length) * 60_000;
  const roleName = t(`role.${me.role}`);

  const matcherError = async (text: string): Promise<string | null> => {
    const parsed = await checkMatcherInput(text);
    if (!parsed.ok)
      return parsed.reason === 'empty'
        ? t('silences.form.errors.empty')
        : t(`silences.form.errors.${parsed.reason}`, { text: parsed.text });
    if (area && !parsed.matchers.includes(area))
      return t('silences.form.errors.area', { matcher: area, role: roleName });
    return null;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const next: Errors = {};
    const m = await matcherError(matchers);
    if (m) next.matchers = m;
    const w = windowError(startsAt, endsAt, now, t);
    if (w) next.window = w;
    if (!comment.trim()) next.comment = t('silences.form.errors.comment');
    setErrors(next);
    const parsed = parseMatcherInput(matchers);
    if (Object.keys(next).length || !parsed.ok) return;
    setBusy(true);
    const r = await sendSilence(parsed.matchers, startsAt!, endsAt!, comment, t);
    setBusy(false);
    if ('errors' in r) return setErrors(r.errors);
    onCreated(r.silence);
    setCreated(t('silences.form.created', { matchers: formatMatchers(r.silence.matchers) }));
    setComment('');
    setMatchers((area ? [area] : []).join('\n'));
  };

  return (
    <form
      className="sil-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="silence-form"
      aria-labelledby="silence-form-title"
    >
      <h2 id="silence-form-title">{t('silences.form.title')}</h2>
      <label htmlFor="silence-matchers">{t('silences.form.matchers')}</label>
      <textarea
        id="silence-matchers"
        className="sil-form__matchers"
        rows={3}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        value={matchers}
        onChange={(e) => setMatchers(e.target.value)}
        onBlur={() => {
          if (!matchers.trim()) return;
          const typed = matchers;
          void matcherError(typed).then((m) => setErrors((x) => ({ ...x, matchers: m ?? undefined })));
        }}
        aria-invalid={errors.matchers ? true : undefined}
        aria-describedby={`silence-matchers-help${errors.matchers ? ' silence-matchers-error' : ''}`}
        data-testid="silence-matchers"
      />
      <p className="sil-form__help" id="silence-matchers-help">
        {t('silences.form.matchersHelp')}
        {area && ` ${t('silences.form.areaHelp', { role: roleName, matcher: area })}`}
      </p>
      <FieldError id="silence-matchers-error" text={errors.matchers ?? null} />

      <div className="sil-form__row">
        <DateTimeFields
          id="silence-start"
          legend={t('silences.form.start', { zone: f.zoneLabel })}
          dateLabel={t('silences.form.startDate')}
          timeLabel={t('silences.form.startTime')}
          value={start}
          onChange={setStart}
          invalid={!!errors.window}
          describedBy={errors.window ? 'silence-window-error' : undefined}
        />
        <label className="sil-form__length">
          <span>{t('silences.form.length')}</span>
          <select value={length} onChange={(e) => setLength(e.target.value)} data-testid="silence-length">
            {DURATIONS.map((m) => (
              <option key={m} value={String(m)}>
                {t(`silences.minutes.${m}`)}
              </option>
            ))}
            <option value="until">{t('silences.form.untilChoice')}</option>
          </select>
        </label>
      </div>
      {length === 'until' && (
        <DateTimeFields
          id="silence-end"
          legend={t('silences.form.end', { zone: f.zoneLabel })}
          dateLabel={t('silences.form.endDate')}
          timeLabel={t('silences.form.endTime')}
          value={end}
          onChange={setEnd}
          invalid={!!errors.window}
          describedBy={errors.window ? 'silence-window-error' : undefined}
        />
      )}
      <WindowPreview from={startsAt} to={endsAt} />
      <FieldError id="silence-window-error" text={errors.window ?? null} />

      <label htmlFor="silence-comment">{t('silences.form.comment')}</label>
      <textarea
        id="silence-comment"
        rows={2}
        maxLength={500}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('silences.form.commentPlaceholder')}
        aria-invalid={errors.comment ? true : undefined}
        aria-describedby={errors.comment ? 'silence-comment-error' : undefined}
        autoFocus={prefill.length > 0}
        data-testid="silence-comment"
      />
      <FieldError id="silence-comment-error" text={errors.comment ?? null} />
      <FieldError id="silence-form-error" text={errors.form ?? null} />
      <div className="sil-form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy} data-testid="silence-submit">
          {busy ? t('silences.form.saving') : t('silences.form.submit')}
        </button>
        {created && (
          <span className="sil-form__done" role="status" data-testid="silence-created">
            {created}
          </span>
        )}
      </div>
    </form>
  );
}

/** The api's refusal, put on the field it names (`matchers.0`, `endsAt`) or on the form. */
export function serverErrors(err: unknown, t: TFunction): Errors {
  if (!(err instanceof ApiError)) return { form: t('silences.form.errors.save', { message: String(err) }) };
  const details = Array.isArray(err.details) ? (err.details as { field?: string; reason?: string }[]) : [];
  const field = details[0]?.field ?? '';
  const text = t('silences.form.errors.save', { message: details[0]?.reason ?? err.message });
  if (field.startsWith('matchers') || err.status === 403) return { matchers: text };
  if (field === 'endsAt' || field === 'startsAt') return { window: text };
  if (field === 'comment') return { comment: text };
  return { form: text };
}
