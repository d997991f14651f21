import { describe, expect, it } from 'vitest';
import { workingDay } from '../calendar/calendar.ts';
import type { LiveEvent } from '../live/office.ts';
import {
  fixtureDesks,
  fixtureDetection,
  fixtureHolidays,
  fixtureServices,
  fixtureThresholds,
  fixtureWorkHours,
} from '../testing.ts';
import { epochAt } from '../time/wib.ts';
import type { Detector } from './detector.ts';
import { absentNoNotice } from './detectors/absent-no-notice.ts';
import { deskUnattended } from './detectors/desk-unattended.ts';
import { cameraOffline } from './detectors/camera-offline.ts';
import { deviceOffline } from './detectors/device-offline.ts';
import { earlyDeparture } from './detectors/early-departure.ts';
import { lateArrival } from './detectors/late-arrival.ts';
import { missingCheckout } from './detectors/missing-checkout.ts';
import { queueWaitSla } from './detectors/queue-wait-sla.ts';
import { serviceTimeSla } from './detectors/service-time-sla.ts';
import { slaRate } from './detectors/sla-rate.ts';
import { OfficeFacts, type CameraFacts } from './facts.ts';
import { checkDetectors, DETECTORS } from './registry.ts';

const DATE = '2026-11-23'; // Monday: 07:30–16:00
const at = (hhmm: string, sec = 0) => epochAt(DATE, hhmm) + sec * 1000;
const services = fixtureServices;
const desks = fixtureDesks;
const ANI = '199001012020012001';
const BUDI = '199001012020012002';
const config = { detection: fixtureDetection, thresholds: fixtureThresholds };

function facts(events: LiveEvent[] = [], date = DATE) {
  const f = new OfficeFacts(
    {
      code: '16.71.01.1001',
      kecamatanCode: '16.71.01',
      desks,
      services,
      zone: 'Asia/Jakarta',
      punchDebounceMs: 5 * 60_000,
      lateGraceMs: 59_000,
    },
    workingDay(date, fixtureWorkHours, fixtureHolidays),
  );
  f.officers = [
    { nip: ANI, name: 'Ani', position: 'Staf', desk: 'loket-1' },
    { nip: BUDI, name: 'Budi', position: 'Staf', desk: 'loket-2' },
  ];
  f.devices = [{ id: 7, kind: 'attendance', name: 'terminal', protocol: 'adms', lastSeenAt: null }];
  events.forEach((e) => f.apply(e));
  return f;
}
const punch = (nip: string, t: number, id?: number): LiveEvent => ({
  kind: 'punch',
  nip,
  at: t,
  ...(id ? { id } : {}),
});
const q = (
  type: Extract<LiveEvent, { kind: 'queue' }>['type'],
  t: number,
  more: Partial<Extract<LiveEvent, { kind: 'queue' }>> = {},
): LiveEvent => ({ kind: 'queue', type, at: t, ...more });
const run = (d: Detector, f: OfficeFacts, now: number) => d.detect({ facts: f, now, config });

describe('late_arrival', () => {
  it('is not late inside the grace (07:30:59), and TL1 one second after', () => {
    expect(run(lateArrival, facts([punch(ANI, at('07:30', 59))]), at('10:00'))).toEqual([]);
    const [d] = run(lateArrival, facts([punch(ANI, at('07:31', 0), 41)]), at('10:00'))!;
    expect(d).toMatchObject({ kind: 'late_arrival', subject: { nip: ANI }, severity: 'info', confidence: 1 });
    expect(d!.evidence.metrics).toMatchObject({ minutesLate: 1, tier: 'TL1', cutPercent: 0.5 });
    expect(d!.evidence.events).toEqual([{ kind: 'punch', id: 41, at: at('07:31') }]);
  });

  it('climbs the ladder: 75 minutes is TL3, 91 is TL4', () => {
    expect(run(lateArrival, facts([punch(ANI, at('08:45'))]), at('10:00'))![0]!.evidence.metrics.tier).toBe(
      'TL3',
    );
    expect(run(lateArrival, facts([punch(ANI, at('09:01'))]), at('10:00'))![0]!.evidence.metrics.tier).toBe(
      'TL4',
    );
  });

  it('counts the first punch, so a double press or a later punch changes nothing', () => {
    const f = facts([punch(ANI, at('07:20')), punch(ANI, at('07:40')), punch(ANI, at('16:05'))]);
    expect(run(lateArrival, f, at('17:00'))).toEqual([]);
  });

  it('is one finding per officer and day: the same fingerprint on every pass, another on another day', () => {
    const a = run(lateArrival, facts([punch(ANI, at('08:00'))]), at('10:00'))![0]!;
    const b = run(lateArrival, facts([punch(ANI, at('08:00')), punch(BUDI, at('08:10'))]), at('11:00'))!.find(
      (d) => d.subject.nip === ANI,
    )!;
    expect(b.fingerprint).toBe(a.fingerprint);
    const other = run(
      lateArrival,
      facts([punch(ANI, epochAt('2026-11-24', '08:00'))], '2026-11-24'),
      epochAt('2026-11-24', '10:00'),
    )![0]!;
    expect(other.fingerprint).not.toBe(a.fingerprint);
  });

  it('uses the Ramadan start (08:00): 07:45 is on time then', () => {
    const day = '2026-03-02';
    expect(run(lateArrival, facts([punch(ANI, epochAt(day, '07:45'))], day), epochAt(day, '10:00'))).toEqual(
      [],
    );
  });
});

describe('early_departure', () => {
  it('waits for office end, then tiers the minutes before it', () => {
    const f = facts([punch(ANI, at('07:20')), punch(ANI, at('14:30'))]);
    expect(run(earlyDeparture, f, at('15:00'))).toBeNull();
    const [d] = run(earlyDeparture, f, at('16:00'))!;
    expect(d!.evidence.metrics).toMatchObject({ minutesEarly: 90, tier: 'PSW3' });
  });
  it('is nothing when the officer came back, or left at office end', () => {
    expect(
      run(
        earlyDeparture,
        facts([punch(ANI, at('07:20')), punch(ANI, at('14:30')), punch(ANI, at('15:00'))]),
        at('16:30'),
      ),
    ).toEqual([]);
    expect(
      run(earlyDeparture, facts([punch(ANI, at('07:20')), punch(ANI, at('16:00'))]), at('16:30')),
    ).toEqual([]);
  });
});

describe('missing_checkout', () => {
  it('is found once the presensi window after office end closes', () => {
    const f = facts([punch(ANI, at('07:20')), punch(BUDI, at('07:25')), punch(BUDI, at('16:10'))]);
    expect(run(missingCheckout, f, at('17:59'))).toBeNull();
    expect(run(missingCheckout, f, at('18:00'))!.map((d) => d.subject.nip)).toEqual([ANI]);
  });
});

describe('absent_no_notice', () => {
  const reporting = (f: OfficeFacts, t: number) => {
    f.devices[0]!.lastSeenAt = t - 10_000;
    return f;
  };
  it('flags an officer with no punch and no leave at office end, not before', () => {
    const f = facts([punch(BUDI, at('07:25'))]);
    expect(run(absentNoNotice, reporting(f, at('15:59')), at('15:59'))).toBeNull();
    const found = run(absentNoNotice, reporting(f, at('16:00')), at('16:00'))!;
    expect(found.map((d) => d.subject.nip)).toEqual([ANI]);
    expect(found[0]!.evidence.signals.map((s) => s.name)).toEqual(['attendance', 'leave', 'device']);
  });
  it('respects leave and official duty', () => {
    const f = reporting(facts([punch(BUDI, at('07:25'))]), at('16:00'));
    f.leave.set(ANI, 'dinas_luar');
    expect(run(absentNoNotice, f, at('16:00'))).toEqual([]);
  });
  it('does not judge while the attendance terminal is silent: its punches may be on their way', () => {
    const f = facts([punch(BUDI, at('07:25'))]);
    f.devices[0]!.lastSeenAt = at('15:00');
    expect(run(absentNoNotice, f, at('16:00'))).toBeNull();
  });
  it('says nothing on a holiday', () => {
    const day = '2026-08-17';
    expect(run(absentNoNotice, facts([], day), epochAt(day, '17:00'))).toEqual([]);
  });
});

describe('queue_wait_sla', () => {
  const issued = q('ticket.issued', at('09:00'), { ticketId: 'A001', service: 'domisili' });
  it('opens at the target, turns critical at twice it, and clears once called', () => {
    expect(run(queueWaitSla, facts([issued]), at('09:29'))).toEqual([]);
    expect(run(queueWaitSla, facts([issued]), at('09:30'))![0]).toMatchObject({
      subject: { ticket: 'A001' },
      severity: 'warning',
      from: at('09:00'),
    });
    expect(run(queueWaitSla, facts([issued]), at('10:00'))![0]!.severity).toBe('critical');
    expect(
      run(
        queueWaitSla,
        facts([issued, q('ticket.called', at('09:40'), { ticketId: 'A001', desk: 'loket-1' })]),
        at('09:45'),
      ),
    ).toEqual([]);
  });
  it('counts a transferred ticket from its hand-over', () => {
    const f = facts([
      issued,
      q('ticket.called', at('09:05'), { ticketId: 'A001', desk: 'loket-1' }),
      q('ticket.transferred', at('09:10'), { ticketId: 'A001', toService: 'sktm' }),
    ]);
    expect(run(queueWaitSla, f, at('09:35'))).toEqual([]);
    expect(run(queueWaitSla, f, at('09:40'))).toHaveLength(1);
  });
});

describe('service_time_sla', () => {
  it('is past the published standard, counted from the start of service', () => {
    const f = facts([
      q('ticket.issued', at('09:00'), { ticketId: 'A001', service: 'domisili' }),
      q('ticket.called', at('09:01'), { ticketId: 'A001', desk: 'loket-1' }),
      q('ticket.serving', at('09:02'), { ticketId: 'A001', desk: 'loket-1' }),
    ]);
    expect(run(serviceTimeSla, f, at('09:12'))).toEqual([]);
    expect(run(serviceTimeSla, f, at('09:13'))![0]).toMatchObject({
      subject: { ticket: 'A001', desk: 'loket-1' },
    });
  });
});

describe('sla_rate', () => {
  it('judges each office hour once it is over: 3 of 5 within target is below 80%', () => {
    const events: LiveEvent[] = [];
    for (let i = 0; i < 5; i++) {
      const id = `A00${i}`;
      events.push(q('ticket.issued', at('08:00') - i * 20 * 60_000, { ticketId: id, service: 'domisili' }));
      events.push(q('ticket.called', at('09:10', i), { ticketId: id, desk: 'loket-1' }));
    }
    // Waits: 70, 90, 110, 130 and 150 min: none within 30. Add 2 more quick ones at 09:20.
    expect(run(slaRate, facts(events), at('09:59'))).toEqual([]);
    const [d] = run(slaRate, facts(events), at('10:00'))!;
    expect(d).toMatchObject({ subject: { hour: '09' }, severity: 'critical' });
    expect(d!.evidence.metrics).toMatchObject({ within: 0, total: 5 });
  });
});

describe('device_offline', () => {
  it('is silent past the debounce in office hours; a blip under it is nothing', () => {
    const f = facts();
    f.devices[0]!.lastSeenAt = at('10:00');
    expect(run(deviceOffline, f, at('10:02'))).toEqual([]);
    expect(run(deviceOffline, f, at('10:02', 1))![0]).toMatchObject({
      subject: { device: 'terminal' },
      from: at('10:00'),
      severity: 'warning',
    });
    expect(run(deviceOffline, f, at('10:30', 1))![0]!.severity).toBe('critical');
    expect(run(deviceOffline, f, at('22:00'))).toBeNull();
  });
  it('stretches the debounce by a demo clock speed', () => {
    const f = facts();
    f.devices[0]!.lastSeenAt = at('10:00');
    expect(
      deviceOffline.detect({ facts: f, now: at('10:05'), config: { ...config, clockSpeed: 10 } }),
    ).toEqual([]);
  });
});

describe('camera_offline', () => {
  const CAM = '7b0c8a3e-1d2f-4c5b-9a6e-0f1e2d3c4b5a';
  const camera = (more: Partial<CameraFacts> = {}): CameraFacts => ({
    id: CAM,
    name: 'Loket 1',
    enabled: true,
    pullMode: 'always',
    state: 'offline',
    since: at('10:00'),
    lastFrameAt: at('10:00'),
    lastError: 'connection refused',
    reconnects: 3,
    node: 'media-1',
    desks: [],
    ...more,
  });
  const withCameras = (...cams: CameraFacts[]) => {
    const f = facts();
    f.cameras = cams;
    return f;
  };

  it('opens past the debounce in office hours, critical later; a blip under it is nothing', () => {
    const f = withCameras(camera());
    expect(run(cameraOffline, f, at('10:01', 30))).toEqual([]);
    const [d] = run(cameraOffline, f, at('10:01', 31))!;
    expect(d).toMatchObject({
      kind: 'camera_offline',
      nature: 'condition',
      subject: { camera: 'Loket 1', kelurahan: '16.71.01.1001' },
      from: at('10:00'),
      severity: 'warning',
      labels: { alertname: 'camera_offline', camera: 'Loket 1' },
    });
    expect(d!.evidence.metrics).toMatchObject({
      cameraId: CAM,
      state: 'offline',
      silentSeconds: 91,
      limitSeconds: 90,
      reconnects: 3,
      lastError: 'connection refused',
    });
    expect(run(cameraOffline, f, at('10:30', 1))![0]!.severity).toBe('critical');
  });

  it('counts from the last frame, so flapping between offline and reconnecting is one finding', () => {
    const a = run(
      cameraOffline,
      withCameras(camera({ state: 'connecting', since: at('10:04') })),
      at('10:05'),
    )!;
    const b = run(
      cameraOffline,
      withCameras(camera({ state: 'offline', since: at('10:04', 30) })),
      at('10:05'),
    )!;
    expect(a[0]!.fingerprint).toBe(b[0]!.fingerprint);
    expect([a[0]!.from, b[0]!.from]).toEqual([at('10:00'), at('10:00')]);
    // Never a frame: from when the state began.
    expect(run(cameraOffline, withCameras(camera({ lastFrameAt: null })), at('10:05'))![0]!.from).toBe(
      at('10:00'),
    );
  });

  it('is nothing for a camera online, idle, disabled or never reported, and cannot judge before any status or outside the day', () => {
    expect(
      run(
        cameraOffline,
        withCameras(
          camera({ state: 'online' }),
          camera({ id: 'x', name: 'Aula', pullMode: 'on_demand', state: 'idle' }),
        ),
        at('10:05'),
      ),
    ).toEqual([]);
    expect(run(cameraOffline, withCameras(camera({ enabled: false })), at('10:05'))).toEqual([]);
    expect(
      run(
        cameraOffline,
        withCameras(camera({ state: null, since: null }), camera({ name: 'Aula', state: 'online' })),
        at('10:05'),
      ),
    ).toEqual([]);
    expect(
      run(cameraOffline, withCameras(camera({ state: null, since: null, lastFrameAt: null })), at('10:05')),
    ).toBeNull();
    expect(run(cameraOffline, withCameras(), at('10:05'))).toEqual([]);
    expect(run(cameraOffline, withCameras(camera()), at('22:00'))).toBeNull();
    expect(
      run(cameraOffline, withCameras(camera({ since: at('06:00'), lastFrameAt: at('06:00') })), at('07:01')),
    ).toEqual([expect.objectContaining({ kind: 'camera_offline' })]);
    expect(
      run(cameraOffline, withCameras(camera({ since: at('06:00'), lastFrameAt: at('06:00') })), at('06:59')),
    ).toBeNull();
    const sunday = facts([], '2026-11-22');
    sunday.cameras = [camera()];
    expect(run(cameraOffline, sunday, at('10:05'))).toBeNull();
  });

  it('stretches the debounce by a demo clock speed', () => {
    expect(
      cameraOffline.detect({
        facts: withCameras(camera()),
        now: at('10:05'),
        config: { ...config, clockSpeed: 10 },
      }),
    ).toEqual([]);
  });
});

describe('desk_unattended', () => {
  const base = (): LiveEvent[] => [
    punch(ANI, at('07:20')),
    q('desk.opened', at('07:35'), { desk: 'loket-1' }),
    q('ticket.issued', at('09:00'), { ticketId: 'A001', service: 'domisili' }),
    q('ticket.called', at('09:01'), { ticketId: 'A001', desk: 'loket-1' }),
    q('ticket.served', at('09:08'), { ticketId: 'A001', desk: 'loket-1' }),
    q('ticket.issued', at('09:10'), { ticketId: 'A002', service: 'domisili' }),
  ];
  it('needs nothing called for N minutes while citizens wait for its services', () => {
    expect(run(deskUnattended, facts(base()), at('09:19'))).toEqual([]);
    const [d] = run(deskUnattended, facts(base()), at('09:20'))!;
    expect(d).toMatchObject({
      subject: { desk: 'loket-1' },
      from: at('09:10'),
      severity: 'warning',
      confidence: 0.6,
    });
    expect(d!.evidence.signals.map((s) => [s.name, s.agrees])).toEqual([
      ['queue', true],
      ['attendance', false],
    ]);
  });
  it('counts from the oldest unanswered wait: a quiet desk is not an abandoned one', () => {
    // Nothing to do since 09:08; a citizen comes at 09:30 and has waited 5 minutes at 09:35.
    const quiet = [
      ...base().slice(0, 5),
      q('ticket.issued', at('09:30'), { ticketId: 'A003', service: 'domisili' }),
    ];
    expect(run(deskUnattended, facts(quiet), at('09:35'))).toEqual([]);
    expect(run(deskUnattended, facts(quiet), at('09:40'))).toHaveLength(1);
  });
  it("counts a hand-over to another service as the end of the desk's work", () => {
    const long = [
      ...base().slice(0, 2),
      q('ticket.issued', at('08:50'), { ticketId: 'A001', service: 'domisili' }),
      q('ticket.called', at('08:55'), { ticketId: 'A001', desk: 'loket-1' }),
      q('ticket.issued', at('09:00'), { ticketId: 'A002', service: 'domisili' }),
      q('ticket.transferred', at('09:30'), { ticketId: 'A001', toService: 'sktm' }),
    ];
    expect(run(deskUnattended, facts(long), at('09:31'))).toEqual([]);
    expect(run(deskUnattended, facts(long), at('09:40'))).toHaveLength(1);
  });
  it('is nothing when nobody waits, when the desk is closed, or while a citizen is being served', () => {
    const noQueue = base().slice(0, 5);
    expect(run(deskUnattended, facts(noQueue), at('09:40'))).toEqual([]);
    expect(
      run(
        deskUnattended,
        facts([...base(), q('desk.closed', at('09:09'), { desk: 'loket-1' })]),
        at('09:40'),
      ),
    ).toEqual([]);
    const serving = [
      ...base().slice(0, 4),
      q('ticket.issued', at('09:05'), { ticketId: 'A009', service: 'domisili' }),
    ];
    expect(run(deskUnattended, facts(serving), at('09:40'))).toEqual([]);
  });
  it('grows confident as the camera and the attendance agree, and less so when the camera sees somebody', () => {
    const empty = (t: string): LiveEvent => ({
      kind: 'presence',
      desk: 'loket-1',
      present: false,
      confidence: 0.9,
      at: at(t),
    });
    const agree = [...base(), punch(ANI, at('09:09')), empty('09:14'), empty('09:16')];
    expect(run(deskUnattended, facts(agree), at('09:20'))![0]!.confidence).toBe(1);
    const seen = [
      ...base(),
      { kind: 'presence', desk: 'loket-1', present: true, confidence: 0.9, at: at('09:16') } as LiveEvent,
    ];
    expect(run(deskUnattended, facts(seen), at('09:20'))![0]!.confidence).toBe(0.3);
  });
  it('turns critical after 30 minutes and ends with office hours', () => {
    expect(run(deskUnattended, facts(base()), at('09:40'))![0]!.severity).toBe('critical');
    expect(run(deskUnattended, facts(base()), at('16:00'))).toEqual([]);
  });
});

describe('the registry', () => {
  it('has one detector per kind and refuses two', () => {
    expect(checkDetectors().size).toBe(DETECTORS.length);
    expect(() => checkDetectors([lateArrival, lateArrival])).toThrow(/two detectors/);
  });
});
