import type { TFunction } from 'i18next';
import type { Finding, FindingSignal } from '@pkk/core';

/** One line in words from the finding's numbers: how late, how long left alone, how long waiting. */
export function summaryOf(f: Finding, t: TFunction, time: (ms: number) => string): string {
  const m = f.evidence.metrics;
  const num = (k: string) => (typeof m[k] === 'number' ? (m[k] as number) : 0);
  switch (f.kind) {
    case 'late_arrival':
      return t('finding.summary.late_arrival', {
        time: time(num('arrivedAt')),
        minutes: num('minutesLate'),
        tier: String(m.tier),
      });
    case 'early_departure':
      return t('finding.summary.early_departure', {
        time: time(num('leftAt')),
        minutes: num('minutesEarly'),
        tier: String(m.tier),
      });
    case 'desk_unattended':
      return t('finding.summary.desk_unattended', { minutes: num('idleMinutes'), waiting: num('waiting') });
    case 'queue_wait_sla':
      return t('finding.summary.queue_wait_sla', {
        minutes: num('waitedMinutes'),
        target: num('targetMinutes'),
      });
    case 'service_time_sla':
      return t('finding.summary.service_time_sla', {
        minutes: num('serviceMinutes'),
        standard: num('standardMinutes'),
      });
    case 'device_offline':
      return t('finding.summary.device_offline', { minutes: Math.floor(num('silentSeconds') / 60) });
    case 'camera_offline':
      return t('finding.summary.camera_offline', { minutes: Math.floor(num('silentSeconds') / 60) });
    case 'sla_rate':
      return t('finding.summary.sla_rate', { within: num('within'), total: num('total') });
    default:
      return t(`finding.summary.${f.kind}` as 'finding.summary.missing_checkout');
  }
}

/**
 * A signal in the reader's language, from its code and values; the English detail when the code is
 * unknown here (a finding stored before codes, or a newer server).
 */
export function signalText(s: FindingSignal, t: TFunction): string {
  if (!s.code) return s.detail;
  return t(`finding.signalText.${s.code}` as 'finding.signalText.leave.none', {
    ...s.values,
    defaultValue: s.detail,
  });
}
