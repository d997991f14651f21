import {
  FINDING_TEXTS,
  findingSummary,
  kindText,
  signalWords,
  subjectText,
  type Locale,
} from '@pkk/core/wording';
import type { Finding, FindingKind, FindingSignal } from '@pkk/core';

/**
 * Findings in the reader's language, worded by core (core/src/findings/wording.ts): the very words
 * push notifications and webhooks use.
 */

/** The language shown, as core words findings in it. */
export const localeOf = (language: string): Locale => (language === 'en' ? 'en' : 'id');

/** One line in words from the finding's numbers (core's wording, the same as push and webhooks). */
export function summaryOf(f: Finding, language: string, time: (ms: number) => string): string {
  return findingSummary(f, localeOf(language), time);
}

/**
 * A signal in the reader's language, from its code and values; the English detail when the code is
 * unknown here (a finding stored before codes, or a newer server).
 */
export function signalText(s: FindingSignal, language: string): string {
  return signalWords(s, localeOf(language));
}

/** Who or what a finding is about, in the reader's language ('' for the office itself). */
export function subjectOf(f: Finding, language: string): string {
  return subjectText(f.subject, localeOf(language));
}

/** A finding's kind in words (`Antrean melewati target`). */
export function kindOf(kind: FindingKind, language: string): string {
  return kindText(kind, localeOf(language));
}

/** Which kind of evidence a signal is (`Antrean`, `Presensi`). */
export function signalNameOf(name: FindingSignal['name'], language: string): string {
  return FINDING_TEXTS[localeOf(language)].signal[name];
}
