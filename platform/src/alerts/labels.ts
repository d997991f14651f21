import type { Finding } from '@pkk/core';

/** The labels a finding is routed, grouped, silenced and inhibited by: its own, and its escalation. */
export function alertLabels(f: Pick<Finding, 'labels' | 'escalationLevel'>): Record<string, string> {
  return f.escalationLevel ? { ...f.labels, escalation: String(f.escalationLevel) } : { ...f.labels };
}
