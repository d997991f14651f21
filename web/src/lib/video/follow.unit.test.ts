import { describe, expect, it } from 'vitest';
import type { Camera } from '@pkk/core';
import { orderCameras, rankFindings } from './follow.ts';

function cam(id: string, kelurahanCode: string, name = 'Loket'): Camera {
  return {
    id: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
    kelurahanCode,
    kecamatanCode: kelurahanCode.slice(0, 8),
    name,
    placement: 'desks',
    pullMode: 'always',
    enabled: true,
    hasSubStream: true,
    zones: [],
    health: {
      state: 'online',
      lastFrameAt: null,
      since: null,
      bitrateKbps: null,
      reconnects: 0,
      lastError: null,
      node: null,
    },
    snapshotUrl: null,
    snapshotAt: null,
  };
}
const f = (id: number, kelurahan: string, severity: 'info' | 'warning' | 'critical') => ({
  id,
  severity,
  subject: { kelurahan, kecamatan: kelurahan.slice(0, 8) },
});

const A = '16.71.01.1001';
const B = '16.71.01.1002';
const C = '16.71.02.1001';
const D = '16.71.02.1002';
const names: Record<string, string> = { [A]: 'Alpha', [B]: 'Bravo', [C]: 'Charlie', [D]: 'Delta' };
const nameOf = (c: string) => names[c] ?? c;
const cameras = [cam('4', D), cam('3', C), cam('2', B, 'Pintu'), cam('1', A), cam('5', B, 'Aula')];

describe('follow alerts', () => {
  it('folds open findings per kelurahan: the worst severity, how many, the newest', () => {
    const r = rankFindings([f(1, C, 'info'), f(7, C, 'critical'), f(3, D, 'warning')]);
    expect(r.get(C)).toEqual({ rank: 0, count: 2, newest: 7 });
    expect(r.get(D)).toEqual({ rank: 1, count: 1, newest: 3 });
    expect(r.has(A)).toBe(false);
  });
  it('orders by kecamatan, kelurahan name and camera name when not following', () => {
    const out = orderCameras(cameras, { follow: false, findings: new Map(), nameOf });
    expect(out.map((c) => `${nameOf(c.kelurahanCode)}/${c.name}`)).toEqual([
      'Alpha/Loket',
      'Bravo/Aula',
      'Bravo/Pintu',
      'Charlie/Loket',
      'Delta/Loket',
    ]);
  });
  it('brings forward the cameras of kelurahan with open findings, worst first, the rest after in order', () => {
    const findings = rankFindings([f(1, D, 'warning'), f(2, B, 'critical'), f(3, D, 'warning')]);
    const out = orderCameras(cameras, { follow: true, findings, nameOf });
    expect(out.map((c) => `${nameOf(c.kelurahanCode)}/${c.name}`)).toEqual([
      'Bravo/Aula',
      'Bravo/Pintu',
      'Delta/Loket',
      'Alpha/Loket',
      'Charlie/Loket',
    ]);
  });
  it('puts more findings first at the same severity, then the newest', () => {
    const findings = rankFindings([
      f(1, A, 'warning'),
      f(2, C, 'warning'),
      f(3, C, 'warning'),
      f(9, D, 'warning'),
    ]);
    const out = orderCameras(cameras, { follow: true, findings, nameOf });
    expect(out.slice(0, 3).map((c) => c.kelurahanCode)).toEqual([C, D, A]);
  });
});
