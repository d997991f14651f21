import type { Finding, FindingKind, FindingSignal, FindingSubject } from '../schemas/findings.ts';
import type { Locale } from './locale.ts';
import { fillTemplate, type SignalValues } from './signal-text.ts';
import { en } from './texts/en.ts';
import { id } from './texts/id.ts';
import type { FindingTexts } from './texts/shape.ts';

export type { FindingTexts } from './texts/shape.ts';
export type { Locale } from './locale.ts';

/**
 * Findings in words, one source for every reader: the inbox and the appeal screen (the web app mounts
 * these texts under `finding.` in its locale), Web Push titles and bodies (in the subscriber's
 * language) and webhook annotations (Bahasa Indonesia). Templates use i18next's `{{name}}`.
 */

export const FINDING_TEXTS: Readonly<Record<Locale, FindingTexts>> = { id, en };

export function kindText(kind: FindingKind, loc: Locale): string {
  return FINDING_TEXTS[loc].kind[kind];
}

/** Who or what the finding is about (`NIP …`, a desk, `tiket …`), or '' for the office itself. */
export function subjectText(s: FindingSubject, loc: Locale): string {
  const t = FINDING_TEXTS[loc].subject;
  if (s.nip) return fillTemplate(t.officer, { nip: s.nip });
  if (s.desk) return fillTemplate(t.desk, { desk: s.desk });
  if (s.device) return fillTemplate(t.device, { device: s.device });
  if (s.camera) return fillTemplate(t.camera, { camera: s.camera });
  if (s.ticket) return fillTemplate(t.ticket, { ticket: s.ticket });
  if (s.hour) return fillTemplate(t.hour, { hour: s.hour });
  return '';
}

/** A signal in words from its code and values; its English detail when the code has none here. */
export function signalWords(s: Pick<FindingSignal, 'code' | 'values' | 'detail'>, loc: Locale): string {
  const [group, key] = (s.code ?? '').split('.');
  const template = (FINDING_TEXTS[loc].signalText as Record<string, Record<string, string> | undefined>)[
    group ?? ''
  ]?.[key ?? ''];
  return template ? fillTemplate(template, (s.values ?? {}) as SignalValues) : s.detail;
}

/**
 * One line from the finding's numbers: how late, how long left alone, how long waiting. `time`
 * words an instant as the reader's clock shows it (WIB).
 */
export function findingSummary(
  f: Pick<Finding, 'kind' | 'evidence'>,
  loc: Locale,
  time: (ms: number) => string,
): string {
  const m = f.evidence.metrics ?? {};
  const num = (k: string) => (typeof m[k] === 'number' ? (m[k] as number) : 0);
  const values = ((): SignalValues => {
    switch (f.kind) {
      case 'late_arrival':
        return { time: time(num('arrivedAt')), minutes: num('minutesLate'), tier: String(m.tier) };
      case 'early_departure':
        return { time: time(num('leftAt')), minutes: num('minutesEarly'), tier: String(m.tier) };
      case 'desk_unattended':
        return { minutes: num('idleMinutes'), waiting: num('waiting') };
      case 'queue_wait_sla':
        return { minutes: num('waitedMinutes'), target: num('targetMinutes') };
      case 'service_time_sla':
        return { minutes: num('serviceMinutes'), standard: num('standardMinutes') };
      case 'device_offline':
      case 'camera_offline':
        return { minutes: Math.floor(num('silentSeconds') / 60) };
      case 'sla_rate':
        return { within: num('within'), total: num('total') };
      case 'evidence_late':
        return { activity: String(m.activityDate ?? ''), days: num('workingDaysLate') };
      case 'desk_occupied_no_checkin':
        return { minutes: num('occupiedMinutes'), officer: String(m.officer) };
      default:
        return {};
    }
  })();
  return fillTemplate(FINDING_TEXTS[loc].summary[f.kind], values);
}

export interface WordingContext {
  /** The kelurahan's name (`Dua-puluh-tujuh Ilir`), its code when unknown. */
  kelurahanName: string;
  time: (ms: number) => string;
}

/** `Warga menunggu 67 mnt (target 30) · Kel. Dua-puluh-tujuh Ilir · tiket A-017`. */
export function findingLine(f: Finding, loc: Locale, c: WordingContext): string {
  return [
    findingSummary(f, loc, c.time),
    fillTemplate(FINDING_TEXTS[loc].notify.kelurahan, { name: c.kelurahanName }),
    subjectText(f.subject, loc),
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * A push notification about a group's news: the most serious finding's kind in words (with how many
 * fire, when more than one), and its line; `Selesai: …` when all of it resolved.
 */
export function pushText(
  top: Finding,
  firing: number,
  loc: Locale,
  c: WordingContext,
): { title: string; body: string } {
  const t = FINDING_TEXTS[loc];
  const kind = kindText(top.kind, loc);
  const title =
    firing === 0
      ? fillTemplate(t.notify.resolved, { what: kind })
      : firing > 1
        ? `${kind} · ${fillTemplate(t.notify.more, { count: firing })}`
        : kind;
  return { title, body: findingLine(top, loc, c) };
}

/**
 * Alertmanager annotations of a finding, as the bridges show them: `summary` (the kind and the
 * office) and `description` (its line, the evidence signal by signal, and where to open it).
 */
export function alertAnnotations(
  f: Finding,
  loc: Locale,
  c: WordingContext & { url: string },
): { summary: string; description: string } {
  const t = FINDING_TEXTS[loc];
  const where = fillTemplate(t.notify.kelurahan, { name: c.kelurahanName });
  // Evidence as stored: a row written by hand or before signals existed may have none.
  const signals = (f.evidence.signals ?? []).map(
    (s) => `${s.agrees ? '✓' : '✗'} ${t.signal[s.name]}: ${signalWords(s, loc)}`,
  );
  return {
    summary: `${kindText(f.kind, loc)} · ${where}`,
    description: [findingLine(f, loc, c), ...signals, fillTemplate(t.notify.link, { url: c.url })].join('\n'),
  };
}
