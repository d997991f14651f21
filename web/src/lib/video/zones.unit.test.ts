import { describe, expect, it } from 'vitest';
import { clickPoint, deskId, svgPoints, toPoint, zonesProblem, type Point } from './zones.ts';

describe('desk zones', () => {
  it('turns a click into fractions of the image, clamped', () => {
    expect(toPoint(320, 90, 640, 360)).toEqual([0.5, 0.25]);
    expect(toPoint(-5, 400, 640, 360)).toEqual([0, 1]);
  });
  it('adds points, and closes the polygon on a click near the first point once there are three', () => {
    let pts: Point[] = [];
    for (const p of [
      [0.1, 0.1],
      [0.5, 0.1],
      [0.5, 0.5],
    ] as Point[]) {
      const r = clickPoint(pts, p);
      expect(r.kind).toBe('add');
      if (r.kind === 'add') pts = r.points;
    }
    expect(clickPoint(pts, [0.11, 0.105]).kind).toBe('close');
    expect(clickPoint(pts.slice(0, 2), [0.1, 0.1]).kind).toBe('add');
  });
  it('makes a desk id the api accepts from what was typed', () => {
    expect(deskId(' Loket 1 ')).toBe('loket-1');
    expect(deskId('--CS/Front')).toBe('cs-front');
  });
  it('says why zones cannot be saved', () => {
    const sq: Point[] = [
      [0, 0],
      [1, 0],
      [1, 1],
    ];
    expect(zonesProblem([{ desk: 'loket-1', polygon: sq }])).toBeNull();
    expect(zonesProblem([{ desk: 'loket-1', polygon: sq.slice(0, 2) }])).toBe('tooFewPoints');
    expect(zonesProblem([{ desk: 'Loket 1', polygon: sq }])).toBe('badDesk');
    expect(
      zonesProblem([
        { desk: 'a', polygon: sq },
        { desk: 'a', polygon: sq },
      ]),
    ).toBe('duplicateDesk');
  });
  it('draws points for SVG', () => {
    expect(
      svgPoints(
        [
          [0.5, 0.25],
          [1, 1],
        ],
        640,
        360,
      ),
    ).toBe('320,90 640,360');
  });
});
