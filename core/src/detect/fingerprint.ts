/**
 * Alertmanager's label-set fingerprint (prometheus/common model.LabelSet.Fingerprint): FNV-1a 64
 * over the labels sorted by name, each name and value followed by the 0xff separator byte, printed as
 * 16 hex digits. The same labels give the same fingerprint here and in any Alertmanager tool.
 */
const OFFSET = 14695981039346656037n;
const PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;
const SEPARATOR = 0xff;
const utf8 = new TextEncoder();

/** Detection passes ask for the same label sets over and over: computed once each. */
const memo = new Map<string, string>();
const MEMO_MAX = 100_000;

export function fingerprintOf(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  const key = names.map((n) => `${n}\u0000${labels[n]}`).join('\u0001');
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const fp = compute(names, labels);
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(key, fp);
  return fp;
}

function compute(names: string[], labels: Readonly<Record<string, string>>): string {
  let h = OFFSET;
  const add = (byte: number) => {
    h ^= BigInt(byte);
    h = (h * PRIME) & MASK;
  };
  for (const name of names) {
    for (const b of utf8.encode(name)) add(b);
    add(SEPARATOR);
    for (const b of utf8.encode(labels[name]!)) add(b);
    add(SEPARATOR);
  }
  return h.toString(16).padStart(16, '0');
}
