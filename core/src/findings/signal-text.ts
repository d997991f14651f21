import type { FindingSignal } from '../schemas/findings.ts';

/**
 * What a signal says, as a code and its values, so that every reader gets it in their language
 * (./texts/id.ts and ./texts/en.ts word `signalText.<code>` for the inbox, push and webhooks);
 * `detail` keeps the English sentence for the API, the HR module and logs. One template per code,
 * here, so the two cannot drift.
 */
export const SIGNAL_TEXTS = {
  'attendance.noPunchAllDay': 'no punch all day',
  'attendance.firstPunchLate': 'first punch {{minutes}} min after office start',
  'attendance.lastPunchEarly': 'last punch {{minutes}} min before office end',
  'attendance.noCheckout': '{{punches}} punch(es), none taking the officer out',
  'attendance.noCheckIn': 'no check-in: the only punch was recorded as a check-out',
  'attendance.officerOut': 'assigned officer not checked in',
  'attendance.officerIn': 'assigned officer checked in',
  'leave.notExcusing': "leave '{{leave}}' does not excuse the day",
  'leave.none': 'no leave or duty record',
  'device.terminalsReporting': '{{count}} attendance terminal(s) reporting',
  'device.silent': 'silent {{seconds}} s, limit {{limit}} s',
  'deviceClock.ahead': 'terminal clock {{seconds}} s ahead; the punch is read that much earlier',
  'queue.nothingCalled': 'nothing called for {{minutes}} min, {{waiting}} waiting',
  'queue.waiting': 'waiting {{minutes}} min, target {{target}}',
  'queue.inService': 'in service {{minutes}} min, standard {{standard}}',
  'queue.calledWithin': '{{within}} of {{total}} called within {{target}} min',
  'camera.readingsEmpty': '{{empty}} of {{total}} recent readings see nobody',
  'camera.noReading': 'no recent camera reading',
  'camera.readingsOccupied': 'somebody at the desk on camera for {{minutes}} min ({{total}} readings)',
  'camera.noFrame': 'no frame for {{seconds}} s ({{state}}), limit {{limit}} s',
  'camera.noFrameError': 'no frame for {{seconds}} s ({{state}}: {{error}}), limit {{limit}} s',
} as const;
export type SignalCode = keyof typeof SIGNAL_TEXTS;
export type SignalValues = Record<string, string | number>;

/** Fills a template's {{name}} placeholders; a missing value stays visible as its placeholder. */
export function fillTemplate(template: string, values: SignalValues): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A signal with its code, values and English detail. */
export function signal(
  name: FindingSignal['name'],
  agrees: boolean,
  code: SignalCode,
  values: SignalValues = {},
): FindingSignal {
  return { name, agrees, detail: fillTemplate(SIGNAL_TEXTS[code], values), code, values };
}
