/**
 * Which media node owns a camera: rendezvous (highest random weight) hashing. Every node and the
 * api compute it from the same node list, with no coordination; adding or removing a node moves only
 * the cameras that node gains or loses (about 1/N of them), never reshuffles the rest.
 */
export function ownerOf(cameraId: string, nodeIds: readonly string[]): string | null {
  let best: string | null = null;
  let bestWeight = -1n;
  for (const node of nodeIds) {
    const weight = fnv1a64(`${node}\u0000${cameraId}`);
    if (weight > bestWeight || (weight === bestWeight && best !== null && node < best)) {
      best = node;
      bestWeight = weight;
    }
  }
  return best;
}

export interface MediaNode {
  id: string;
  /** Base URL browsers reach the node at (http(s)://host:port). */
  publicUrl: string;
  /** Base URL the api reaches it at, when different (inside a cluster). */
  internalUrl: string;
}

/** `MEDIA_NODES`: `id=publicUrl[|internalUrl],id=…`, e.g. `media-1=http://127.0.0.1:8090`. */
export function parseMediaNodes(spec: string): MediaNode[] {
  const nodes: MediaNode[] = [];
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`MEDIA_NODES: '${part}' is not id=url`);
    const id = part.slice(0, eq).trim();
    const [publicUrl, internalUrl] = part
      .slice(eq + 1)
      .split('|')
      .map((s) => s.trim().replace(/\/+$/, ''));
    if (!/^[a-z0-9-]+$/.test(id))
      throw new Error(`MEDIA_NODES: node id '${id}' must be lowercase letters, digits and dashes`);
    if (!publicUrl || !/^https?:\/\//.test(publicUrl))
      throw new Error(`MEDIA_NODES: '${id}' needs an http(s) URL`);
    if (nodes.some((n) => n.id === id)) throw new Error(`MEDIA_NODES: node '${id}' listed twice`);
    nodes.push({ id, publicUrl, internalUrl: internalUrl || publicUrl });
  }
  return nodes;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/** 64-bit FNV-1a over UTF-16 code units: pure (core runs in the browser too) and well spread for short keys. */
function fnv1a64(s: string): bigint {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * FNV_PRIME) & MASK;
  }
  // A final avalanche: FNV alone keeps keys that differ in their last characters close.
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & MASK;
  h ^= h >> 33n;
  return h;
}
