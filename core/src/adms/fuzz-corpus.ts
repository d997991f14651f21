/**
 * A deterministic corpus of malformed ATTLOG input for robustness tests: valid lines as terminals send
 * them, mutated the ways real transports and firmware garble them (and a few ways they never do).
 * Seeded, dependency-free, so a failure reproduces from its seed. `referenceAttlog` restates the
 * line format independently of the parser, as the oracle the tests compare against.
 */

export type Rng = () => number;

/** mulberry32: a tiny, well-mixed 32-bit PRNG; the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [lo, hi]. */
export function rngInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function rngPick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:MM:SS` of an instant on a clock `offsetMinutes` east of UTC. */
export function wallClockText(epochMs: number, offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export interface LineWindow {
  /** Punch times are drawn from [fromMs, toMs]. */
  fromMs: number;
  toMs: number;
  tzOffsetMinutes: number;
}

function validPin(rng: Rng): string {
  const digits = (n: number) => Array.from({ length: n }, () => rngInt(rng, 0, 9)).join('');
  switch (rngInt(rng, 0, 3)) {
    case 0:
      return String(rngInt(rng, 1, 9999));
    case 1:
      return `00${digits(rngInt(rng, 1, 6))}`;
    case 2:
      return `${rngPick(rng, ['A', 'P', 'K'])}${digits(rngInt(rng, 1, 4))}`;
    default:
      return `P${rngInt(rng, 1, 9)}-${digits(2)}`;
  }
}

/** A valid ATTLOG line as some firmware would send it (4 to 16 columns, maybe a trailing TAB). */
export function validAttlogLine(rng: Rng, w: LineWindow): Buffer {
  const at = w.fromMs + Math.floor(rng() * (w.toMs - w.fromMs + 1));
  const extra = rngPick(rng, [0, 1, 3, 3, 5, 6, 12]);
  const fields = [
    validPin(rng),
    wallClockText(Math.floor(at / 1000) * 1000, w.tzOffsetMinutes),
    String(rngPick(rng, [0, 0, 1, 1, 2, 3, 4, 5, 255])),
    String(rngPick(rng, [0, 1, 1, 1, 2, 4, 15, 15, 25])),
    ...Array.from({ length: extra }, () => rngPick(rng, ['0', '0', '', '255', '1.0'])),
  ];
  return Buffer.from(`${fields.join('\t')}${rng() < 0.3 ? '\t' : ''}`, 'latin1');
}

// Mutations -------------------------------------------------------------------------------------

const TAB = 0x09;

function fieldsOf(line: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === TAB) {
      out.push(line.subarray(start, i));
      start = i + 1;
    }
  }
  return out;
}
const joinFields = (fields: Buffer[]) =>
  Buffer.concat(fields.flatMap((f, i) => (i ? [Buffer.from([TAB]), f] : [f])));
const bytes = (s: string) => Buffer.from(s, 'latin1');

function withField(line: Buffer, index: number, make: (old: Buffer) => Buffer): Buffer {
  const fields = fieldsOf(line);
  if (index >= fields.length) return line;
  fields[index] = make(fields[index]!);
  return joinFields(fields);
}

function insertAt(rng: Rng, line: Buffer, what: Buffer): Buffer {
  const at = rngInt(rng, 0, line.length);
  return Buffer.concat([line.subarray(0, at), what, line.subarray(at)]);
}

const INVALID_UTF8 = [
  [0xc3, 0x28],
  [0xff, 0xfe],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xe2, 0x82],
];

/** Each mutation takes a line and returns a (usually) broken one. Names appear in test failures. */
export const MUTATIONS: Record<string, (rng: Rng, line: Buffer) => Buffer> = {
  'flip-byte': (rng, line) => {
    const out = Buffer.from(line);
    if (out.length) out[rngInt(rng, 0, out.length - 1)] = rngInt(rng, 0, 255);
    return out;
  },
  truncate: (rng, line) => line.subarray(0, rngInt(rng, 0, Math.max(0, line.length - 1))),
  'impossible-date': (rng, line) =>
    withField(line, 1, (f) =>
      Buffer.concat([
        bytes(
          rngPick(rng, [
            '2026-02-30',
            '2025-02-29',
            '2026-04-31',
            '2026-13-01',
            '2026-00-10',
            '0000-00-00',
            '9999-99-99',
          ]),
        ),
        f.subarray(10),
      ]),
    ),
  'impossible-clock': (rng, line) =>
    withField(line, 1, (f) =>
      Buffer.concat([
        f.subarray(0, 11),
        bytes(rngPick(rng, ['24:00:00', '23:60:00', '12:00:60', '99:99:99', '-1:00:00'])),
      ]),
    ),
  'bad-time-format': (rng, line) =>
    withField(line, 1, (f) => {
      const t = f.toString('latin1');
      return bytes(
        rngPick(rng, [
          t.replace(' ', 'T'),
          t.replace(/ 0/, ' '),
          t.replaceAll('-', '/'),
          t.slice(0, 16),
          `${t}Z`,
          `${t}+07:00`,
          '1764000000',
          '',
          ` ${t}`,
          `${t} `,
        ]),
      );
    }),
  'far-date': (rng, line) =>
    withField(line, 1, (f) =>
      Buffer.concat([bytes(rngPick(rng, ['1970', '1999', '2099', '2200', '0099'])), f.subarray(4)]),
    ),
  'huge-pin': (rng, line) => withField(line, 0, () => bytes('9'.repeat(rngInt(rng, 25, 5000)))),
  nul: (rng, line) => insertAt(rng, line, Buffer.from([0])),
  'invalid-utf8': (rng, line) => insertAt(rng, line, Buffer.from(rngPick(rng, INVALID_UTF8))),
  'gb2312-pin': (_rng, line) => withField(line, 0, () => Buffer.from([0xd5, 0xc5, 0xc8, 0xfd])),
  'utf8-pin': (rng, line) =>
    withField(line, 0, () => Buffer.from(rngPick(rng, ['Budi✓', 'Ω7', '٣٣', 'ｐ１', '7🙂']), 'utf8')),
  'many-tabs': (rng, line) => insertAt(rng, line, Buffer.alloc(1000, TAB)),
  'drop-fields': (rng, line) => joinFields(fieldsOf(line).slice(0, rngInt(rng, 0, 3))),
  'empty-field': (rng, line) => withField(line, rngInt(rng, 0, 3), () => Buffer.alloc(0)),
  'swap-fields': (rng, line) => {
    const f = fieldsOf(line);
    const i = rngInt(rng, 0, 3);
    const j = rngInt(rng, 0, 3);
    if (f.length > Math.max(i, j)) [f[i], f[j]] = [f[j]!, f[i]!];
    return joinFields(f);
  },
  'bad-code': (rng, line) =>
    withField(line, rngInt(rng, 2, 3), () =>
      Buffer.from(rngPick(rng, ['IN', '-1', '1.5', ' 1', '1 ', '٣', '0x1', '999999', '+1', '']), 'utf8'),
    ),
  padded: (rng, line) =>
    withField(line, rngInt(rng, 0, 1), (f) =>
      Buffer.concat([bytes(rngPick(rng, [' ', ''])), f, bytes(rngPick(rng, [' ', '  ']))]),
    ),
  'cr-inside': (rng, line) => insertAt(rng, line, bytes('\r')),
  'lf-inside': (rng, line) => insertAt(rng, line, bytes('\n')),
  garbage: (rng) => Buffer.from(Array.from({ length: rngInt(rng, 1, 200) }, () => rngInt(rng, 0, 255))),
  bom: (_rng, line) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), line]),
  'double-tab': (_rng, line) => {
    const at = line.indexOf(TAB);
    return at === -1 ? line : Buffer.concat([line.subarray(0, at), Buffer.from([TAB]), line.subarray(at)]);
  },
  'space-separated': (_rng, line) => Buffer.from(line.map((b) => (b === TAB ? 0x20 : b))),
  'long-line': (_rng, line) => Buffer.concat([line, Buffer.alloc(20_000, 0x78)]),
};

export interface CorpusEntry {
  bytes: Buffer;
  /** The mutations applied, in order. */
  mutations: string[];
}

/** `count` valid lines, each garbled by one to three mutations. */
export function malformedAttlogCorpus(seed: number, count: number, w: LineWindow): CorpusEntry[] {
  const rng = mulberry32(seed);
  const names = Object.keys(MUTATIONS);
  return Array.from({ length: count }, () => {
    let line = validAttlogLine(rng, w);
    const mutations = Array.from({ length: rngInt(rng, 1, 3) }, () => rngPick(rng, names));
    for (const m of mutations) line = MUTATIONS[m]!(rng, line);
    return { bytes: line, mutations };
  });
}

/** Joins lines into one body as terminals do: LF or CRLF, sometimes blank lines, sometimes no final newline. */
export function attlogBody(rng: Rng, lines: Buffer[]): Buffer {
  const eol = bytes(rngPick(rng, ['\n', '\r\n']));
  const parts: Buffer[] = [];
  lines.forEach((l, i) => {
    if (i) parts.push(eol);
    if (rng() < 0.05) parts.push(eol);
    parts.push(l);
  });
  if (rng() < 0.7) parts.push(eol);
  return Buffer.concat(parts);
}

// Oracle ----------------------------------------------------------------------------------------

export type ReferenceLine =
  | { index: number; valid: true; pin: string; at: number; status: number; verify: number }
  | { index: number; valid: false };

const REFERENCE =
  /^([A-Za-z0-9-]{1,24})\t(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\t(\d{1,5})\t(\d{1,5})(?:\t|$)/;

/**
 * The ATTLOG format restated in one regular expression, written apart from the parser: records split
 * on LF, trailing CRs dropped, lines of only spaces skipped; PIN of 1-24 letters, digits or -, a real
 * calendar date-time, numeric status and verify, anything after.
 */
export function referenceAttlog(body: Buffer, tzOffsetMinutes: number): ReferenceLine[] {
  const out: ReferenceLine[] = [];
  body
    .toString('latin1')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.replace(/\r+$/, '');
      if (/^[ \r]*$/.test(line)) return;
      const m = REFERENCE.exec(line);
      if (!m) return out.push({ index, valid: false });
      const [y, mo, d, h, mi, s] = m.slice(2, 8).map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const utc = Date.UTC(y, mo - 1, d, h, mi, s);
      const back = new Date(utc);
      const real =
        back.getUTCFullYear() === y &&
        back.getUTCMonth() === mo - 1 &&
        back.getUTCDate() === d &&
        h < 24 &&
        mi < 60 &&
        s < 60;
      if (!real) return out.push({ index, valid: false });
      out.push({
        index,
        valid: true,
        pin: m[1]!,
        at: utc - tzOffsetMinutes * 60_000,
        status: Number(m[8]),
        verify: Number(m[9]),
      });
    });
  return out;
}
