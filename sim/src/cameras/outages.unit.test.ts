import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../scenario/schema.ts';
import { planCameraOutages } from './outages.ts';
import { cameraPath, planCameras } from './plan.ts';

const offices = [
  { code: '31.71.01.1001', name: 'Gambir' },
  { code: '31.71.01.1002', name: 'Cideng' },
  { code: '31.71.01.1003', name: 'Petojo Utara' },
];
const day = {
  seed: '7',
  date: '2026-03-10',
  hours: { start: '07:30', end: '16:00', breakStart: '12:00', breakEnd: '13:00' },
  zone: 'Asia/Jakarta',
  factor: 1,
  scenario: 'test',
};

describe('planCameras', () => {
  it('gives each office one to three cameras, the same for the same seed', () => {
    const a = planCameras('1', offices);
    expect(planCameras('1', offices)).toEqual(a);
    for (const o of offices) {
      const mine = a.filter((c) => c.kelurahanCode === o.code);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine.length).toBeLessThanOrEqual(3);
      expect(mine.map((c) => c.placement)).toEqual(['desks', 'hall', 'entrance'].slice(0, mine.length));
      expect(mine[0]!.mainPath).toBe(`/k/${o.code}/1/main`);
      expect(mine[0]!.subPath).toBe(cameraPath(o.code, 1, 'sub'));
    }
    const counts = new Set(Array.from({ length: 30 }, (_, i) => planCameras(String(i), offices).length));
    expect(counts.size).toBeGreaterThan(1);
  });
});

describe('planCameraOutages', () => {
  const cameras = planCameras('1', offices);

  it('plays a scenario outage with its truth, in the office time zone whatever the machine says', () => {
    const anomalies: Anomaly[] = [
      {
        type: 'camera_down',
        kelurahan: '31.71.01.1001',
        camera: 1,
        at: '09:15',
        minutes: 20,
        note: 'cable cut',
      },
      {
        type: 'camera_down',
        kelurahan: '31.71.01.1001',
        camera: 1,
        at: '10:00',
        minutes: 5,
        dates: ['2026-03-11'],
      },
    ];
    const r = planCameraOutages({ ...day, factor: 0 }, cameras, anomalies);
    expect(r.outages).toEqual([
      {
        kelurahanCode: '31.71.01.1001',
        n: 1,
        paths: ['/k/31.71.01.1001/1/main', '/k/31.71.01.1001/1/sub'],
        from: Date.parse('2026-03-10T09:15:00+07:00'),
        to: Date.parse('2026-03-10T09:35:00+07:00'),
      },
    ]);
    expect(r.truth).toEqual([
      {
        type: 'camera_down',
        kelurahan: '31.71.01.1001',
        device: 'Kamera loket (sim)',
        camera: 1,
        date: '2026-03-10',
        from: '2026-03-10T09:15:00+07:00',
        to: '2026-03-10T09:35:00+07:00',
        minutes: 20,
        source: 'scenario',
        scenario: 'test',
        note: 'cable cut',
      },
    ]);
  });

  it('warns about a camera the office does not have', () => {
    const only = cameras.filter((c) => c.kelurahanCode !== '31.71.01.1001' || c.n === 1);
    const r = planCameraOutages({ ...day, factor: 0 }, only, [
      { type: 'camera_down', kelurahan: '31.71.01.1001', camera: 3, at: '09:00', minutes: 5 },
    ]);
    expect(r.outages).toEqual([]);
    expect(r.warnings[0]).toMatch(/31\.71\.01\.1001: camera_down: the office has no camera 3/);
  });

  it('draws natural outages and blips inside working hours, deterministic per seed', () => {
    const a = planCameraOutages({ ...day, factor: 20 }, cameras, []);
    expect(planCameraOutages({ ...day, factor: 20 }, cameras, [])).toEqual(a);
    expect(a.outages.length).toBeGreaterThan(0);
    const open = Date.parse('2026-03-10T07:30:00+07:00');
    const close = Date.parse('2026-03-10T16:00:00+07:00');
    for (const [i, o] of a.outages.entries()) {
      expect(o.from).toBeGreaterThanOrEqual(open);
      expect(o.to).toBeLessThanOrEqual(close);
      expect(a.truth[i]!.nearMiss === true).toBe(o.to - o.from < 60_000);
    }
    expect(planCameraOutages({ ...day, factor: 0 }, cameras, []).outages).toEqual([]);
  });
});
