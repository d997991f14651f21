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

export function fingerprintOf(labels: Readonly<Record<string, string>>): string {
  let h = OFFSET;
  const add = (byte: number) => {
    h ^= BigInt(byte);
    h = (h * PRIME) & MASK;
  };
  for (const name of Object.keys(labels).sort()) {
    for (const b of utf8.encode(name)) add(b);
    add(SEPARATOR);
    for (const b of utf8.encode(labels[name]!)) add(b);
    add(SEPARATOR);
  }
  return h.toString(16).padStart(16, '0');
}
