/**
 * Search over kelurahan names in both spellings: the 2025 names ("Tiga-puluh-lima Ilir") and the legacy
 * ones people still use ("35 Ilir"), with or without hyphens, spaces, diacritics or a "Kel." prefix.
 */
export interface Searchable {
  code: string;
  name: string;
  nameLegacy: string;
  kecamatanName: string;
  kecamatanNameLegacy: string;
}

export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\b(kel|kelurahan|kec|kecamatan)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const compact = (s: string) => s.replace(/ /g, '');

/** The texts a query is matched against, normalized once. */
export function searchKeys(k: Searchable): string[] {
  const keys = [k.name, k.nameLegacy, k.code].map(normalize);
  return [...new Set([...keys, ...keys.map(compact)])];
}

/**
 * 0 for no match; higher is better: a name starting with the query beats a word starting with it,
 * which beats the query anywhere in a name; a kecamatan match counts least.
 */
export function matchScore(k: Searchable, query: string, keys: string[] = searchKeys(k)): number {
  const q = normalize(query);
  if (!q) return 1;
  const qc = compact(q);
  let best = 0;
  for (const key of keys) {
    if (key.startsWith(q) || key.startsWith(qc)) best = Math.max(best, 4);
    else if (key.includes(` ${q}`)) best = Math.max(best, 3);
    else if (key.includes(q) || key.includes(qc)) best = Math.max(best, 2);
  }
  if (best === 0) {
    const kec = [k.kecamatanName, k.kecamatanNameLegacy].map(normalize);
    if (kec.some((n) => n.includes(q))) best = 1;
  }
  return best;
}
