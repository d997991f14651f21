import type { FindingTexts } from './shape.ts';

/** How findings are worded in English (see ./id.ts, the reference). */
export const en: FindingTexts = {
  kind: {
    desk_unattended: 'Desk unattended',
    late_arrival: 'Late arrival',
    early_departure: 'Early departure',
    missing_checkout: 'Missing check-out',
    absent_no_notice: 'Absent without notice',
    queue_wait_sla: 'Wait past target',
    service_time_sla: 'Service past standard',
    sla_rate: 'Hourly service rate low',
    device_offline: 'Device offline',
    camera_offline: 'Camera offline',
    desk_occupied_no_checkin: 'Desk occupied, officer not checked in',
  },
  subject: {
    officer: 'NIP {{nip}}',
    desk: '{{desk}}',
    device: 'device {{device}}',
    ticket: 'ticket {{ticket}}',
    hour: 'hour {{hour}}:00',
    camera: 'camera {{camera}}',
  },
  signal: {
    queue: 'Queue',
    attendance: 'Attendance',
    camera: 'Camera',
    device: 'Device',
    leave: 'Leave/duty',
    calendar: 'Calendar',
    device_clock: 'Terminal clock',
  },
  signalText: {
    attendance: {
      noPunchAllDay: 'no punch all day',
      noCheckIn: 'no check-in: the only punch was recorded as a check-out',
      firstPunchLate: 'first punch {{minutes}} min after office start',
      lastPunchEarly: 'last punch {{minutes}} min before office end',
      noCheckout: '{{punches}} punch(es), none checking out',
      officerOut: 'assigned officer not checked in',
      officerIn: 'assigned officer checked in',
    },
    leave: {
      notExcusing: 'leave "{{leave}}" does not excuse the day',
      none: 'no leave or duty record',
    },
    device: {
      terminalsReporting: '{{count}} attendance terminal(s) reporting',
      silent: 'silent {{seconds}} s, limit {{limit}} s',
    },
    deviceClock: {
      ahead: 'terminal clock {{seconds}} s ahead; the punch is read that much earlier',
    },
    queue: {
      nothingCalled: 'nothing called for {{minutes}} min, {{waiting}} waiting',
      waiting: 'waiting {{minutes}} min, target {{target}} min',
      inService: 'in service {{minutes}} min, standard {{standard}} min',
      calledWithin: '{{within}} of {{total}} called within {{target}} min',
    },
    camera: {
      readingsEmpty: '{{empty}} of {{total}} recent readings see nobody',
      noReading: 'no recent camera reading',
      readingsOccupied: 'somebody at the desk on camera for {{minutes}} min ({{total}} readings)',
      noFrame: 'no frame for {{seconds}} s, limit {{limit}} s',
      noFrameError: 'no frame for {{seconds}} s ({{error}}), limit {{limit}} s',
    },
  },
  summary: {
    late_arrival: 'In at {{time}}, {{minutes}} min late ({{tier}})',
    early_departure: 'Left at {{time}}, {{minutes}} min before office end ({{tier}})',
    missing_checkout: 'Checked in, never checked out',
    absent_no_notice: 'No punch, no leave or duty record',
    desk_unattended: 'Nothing called for {{minutes}} min, {{waiting}} citizens waiting',
    queue_wait_sla: 'Citizen waiting {{minutes}} min (target {{target}})',
    service_time_sla: 'In service {{minutes}} min (standard {{standard}} min)',
    sla_rate: '{{within}} of {{total}} citizens called within target',
    device_offline: 'Silent for {{minutes}} min',
    camera_offline: 'No picture for {{minutes}} min',
    desk_occupied_no_checkin: 'Somebody at the desk for {{minutes}} min, officer {{officer}} has no punch',
  },
  notify: {
    kelurahan: 'Kel. {{name}}',
    more: '{{count}} findings',
    resolved: 'Resolved: {{what}}',
    link: 'Open the finding: {{url}}',
  },
};
