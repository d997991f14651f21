import type { DeviceKind, LiveEvent } from '@pkk/core';
import type { OfficeDayPlan } from '../plan/types.ts';

/** One planned item as the system reads it back: the device that sends it, when it happens, the event. */
export interface PlannedEvent {
  device: DeviceKind;
  /** When it really happens (epoch ms): its device may deliver it later. */
  at: number;
  /** Stamped with its device's clock, as stored. */
  event: LiveEvent;
}

/** Every punch, queue event and camera reading of a day plan, in live-state terms. */
export function plannedEvents(plan: OfficeDayPlan): PlannedEvent[] {
  const skew = (kind: DeviceKind) => plan.devices[kind].skewMs;
  return [
    ...plan.punches.map((p): PlannedEvent => ({
      device: 'attendance',
      at: p.at,
      event: {
        kind: 'punch',
        nip: p.nip,
        at: p.at + skew('attendance'),
        ...(p.direction === 'unknown' ? {} : { direction: p.direction }),
      },
    })),
    ...plan.queue.map((q): PlannedEvent => {
      const e = q.event;
      return {
        device: 'queue',
        at: q.at,
        event: {
          kind: 'queue',
          type: e.type,
          at: q.at + skew('queue'),
          ...('ticketId' in e ? { ticketId: e.ticketId } : {}),
          ...('service' in e ? { service: e.service } : {}),
          ...('desk' in e ? { desk: e.desk } : {}),
          ...('toService' in e ? { toService: e.toService } : {}),
        },
      };
    }),
    ...plan.presence.map((p): PlannedEvent => ({
      device: 'presence',
      at: p.at,
      event: {
        kind: 'presence',
        desk: p.desk,
        present: p.present,
        confidence: p.confidence,
        at: p.at + skew('presence'),
      },
    })),
  ];
}
