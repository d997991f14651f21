/**
 * This browser's Ed25519 signing key for kinerja evidence (WebCrypto). The private key is made
 * non-extractable and kept in IndexedDB: it never leaves the device, and the server holds only the
 * public key. A key the server no longer lists as valid (revoked, or replaced from another device)
 * is replaced by a new one, registered on first use.
 */
interface Stored {
  id: number;
  publicKey: string;
  privateKey: CryptoKey;
}

const DB = 'pkk-signing';
const STORE = 'keys';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB unavailable'));
  });
}

async function tx<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const req = run(db.transaction(STORE, mode).objectStore(STORE));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB failed'));
  });
}

type KeyApi = {
  keys(): Promise<{ items: { id: number; publicKey: string; validTo: number | null }[] }>;
  registerKey(publicKey: string): Promise<{ key: { id: number } }>;
};

const toB64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export async function signingKeyFor(username: string, api: KeyApi): Promise<Stored> {
  const stored = (await tx<Stored | undefined>('readonly', (s) => s.get(username))) ?? null;
  if (stored) {
    const current = (await api.keys()).items.find((k) => k.id === stored.id && k.validTo === null);
    if (current && current.publicKey === stored.publicKey) return stored;
  }
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const publicKey = toB64url(await crypto.subtle.exportKey('raw', pair.publicKey));
  const { key } = await api.registerKey(publicKey);
  const next: Stored = { id: key.id, publicKey, privateKey: pair.privateKey };
  await tx('readwrite', (s) => s.put(next, username));
  return next;
}
