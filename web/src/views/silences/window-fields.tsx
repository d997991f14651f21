import { useTranslation } from 'react-i18next';
import { useFormat } from '@/hooks/use-format.ts';

export interface LocalDateTime {
  date: string;
  time: string;
}

/**
 * A date and a time typed in the offices' zone (WIB), whatever the device's zone: two native inputs
 * under one legend, each with its own accessible name.
 */
export function DateTimeFields({
  id,
  legend,
  dateLabel,
  timeLabel,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  legend: string;
  dateLabel: string;
  timeLabel: string;
  value: LocalDateTime;
  onChange: (v: LocalDateTime) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  return (
    <fieldset className="sil-form__when">
      <legend>{legend}</legend>
      <label>
        <span className="visually-hidden">{dateLabel}</span>
        <input
          type="date"
          value={value.date}
          onChange={(e) => onChange({ ...value, date: e.target.value })}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          data-testid={`${id}-date`}
          required
        />
      </label>
      <label>
        <span className="visually-hidden">{timeLabel}</span>
        {/* Text, not type=time: the offices read 24-hour WIB, while a time input shows the device's AM/PM. */}
        <input
          type="text"
          inputMode="numeric"
          pattern="[0-2][0-9]:[0-5][0-9]"
          placeholder="hh:mm"
          maxLength={5}
          autoComplete="off"
          className="sil-form__time"
          value={value.time}
          onChange={(e) => onChange({ ...value, time: e.target.value })}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          data-testid={`${id}-time`}
          required
        />
      </label>
    </fieldset>
  );
}

/** A field's error, tied to its input by id (aria-describedby) and announced when it appears. */
export function FieldError({ id, text }: { id: string; text: string | null }) {
  if (!text) return null;
  return (
    <p className="sil-form__error" id={id} role="alert" data-testid={id}>
      {text}
    </p>
  );
}

/** "Berlaku Sen, 23 Nov 10:00 – 12:00 WIB" for a window, or nothing while it is incomplete. */
export function WindowPreview({ from, to }: { from: number | null; to: number | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (from === null || to === null || to <= from) return null;
  const w = f.window(from, to);
  return (
    <p className="sil-form__preview" data-testid="window-preview">
      {t('silences.form.preview', { window: t('silences.window', { ...w, zone: f.zoneLabel }) })}
    </p>
  );
}
