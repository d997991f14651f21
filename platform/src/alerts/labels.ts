import type { Finding, FindingKind } from '@pkk/core';

/**
 * The `job` an alert carries, as Prometheus alerts do: what part of the offices' work it is about.
 * Alertmanager bridges read `job` and `instance` beyond the v4 schema (a Telegram bridge fails without
 * `instance`, another shows an empty detail without either).
 */
const JOB: Record<FindingKind, string> = {
  late_arrival: 'attendance',
  early_departure: 'attendance',
  missing_checkout: 'attendance',
  absent_no_notice: 'attendance',
  desk_unattended: 'service',
  queue_wait_sla: 'service',
  service_time_sla: 'service',
  sla_rate: 'service',
  device_offline: 'devices',
  camera_offline: 'cameras',
  evidence_late: 'kinerja',
  desk_occupied_no_checkin: 'service',
};

/**
 * The labels a finding is routed, grouped, silenced, inhibited and sent by: its own, `instance` (the
 * kelurahan) and `job`, and its escalation.
 */
export function alertLabels(f: Pick<Finding, 'labels' | 'escalationLevel'>): Record<string, string> {
  const labels: Record<string, string> = { ...f.labels };
  if (labels.kelurahan && labels.instance === undefined) labels.instance = labels.kelurahan;
  const job = JOB[labels.alertname as FindingKind];
  if (job && labels.job === undefined) labels.job = job;
  if (f.escalationLevel) labels.escalation = String(f.escalationLevel);
  return labels;
}
