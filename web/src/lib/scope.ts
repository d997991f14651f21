import type { Me, Role, RoomName } from '@pkk/core';
// The module itself, not the package root: the root's schemas would all land in the first load.
import { canWriteOrganisation, organisationScope } from '@pkk/core/org-scope';

/** Roles that watch offices live (the server answers 403 to the others). */
const WATCHERS: ReadonlySet<Role> = new Set(['walikota', 'operator', 'admin', 'camat', 'lurah']);
const CITY_WIDE: ReadonlySet<Role> = new Set(['walikota', 'operator', 'admin']);

export type Scope =
  | { kind: 'city'; room: RoomName }
  | { kind: 'kecamatan'; room: RoomName; kecamatanCode: string }
  | { kind: 'kelurahan'; room: RoomName; kecamatanCode: string | null; kelurahanCode: string };

export function canWatch(role: Role): boolean {
  return WATCHERS.has(role);
}

/** Roles that add cameras, draw their desk zones and see who watched (docs/video.md). */
const CAMERA_MANAGERS: ReadonlySet<Role> = new Set(['operator', 'admin']);

export function canManageCameras(role: Role): boolean {
  return CAMERA_MANAGERS.has(role);
}

/** The area a user sees and the live room that carries it; null for roles without live views. */
export function scopeOf(me: Me): Scope | null {
  if (CITY_WIDE.has(me.role)) return { kind: 'city', room: 'city' };
  if (me.role === 'camat' && me.kecamatanCode)
    return {
      kind: 'kecamatan',
      room: `kecamatan:${me.kecamatanCode}` as RoomName,
      kecamatanCode: me.kecamatanCode,
    };
  if (me.role === 'lurah' && me.kelurahanCode) {
    return {
      kind: 'kelurahan',
      room: `kelurahan:${me.kelurahanCode}` as RoomName,
      kecamatanCode: me.kecamatanCode,
      kelurahanCode: me.kelurahanCode,
    };
  }
  return null;
}

export function inScope(scope: Scope, k: { code: string; kecamatanCode: string }): boolean {
  if (scope.kind === 'city') return true;
  if (scope.kind === 'kecamatan') return k.kecamatanCode === scope.kecamatanCode;
  return k.code === scope.kelurahanCode;
}

/** Where a user lands after signing in. */
export function homeFor(me: Me): string {
  if ((me.role === 'asn' && me.nip) || me.role === 'verifikator') return '/appeals';
  if (me.role === 'hr') return '/tpp';
  if (!canWatch(me.role)) return '/unavailable';
  if (me.role === 'operator' || me.role === 'admin') return '/wall';
  if (me.role === 'lurah' && me.kelurahanCode) return `/kelurahan/${me.kelurahanCode}`;
  return '/';
}

export type NavKey =
  | 'home'
  | 'wall'
  | 'videoWall'
  | 'cameras'
  | 'myKelurahan'
  | 'inbox'
  | 'silences'
  | 'appeals'
  | 'myMonth'
  | 'verification'
  | 'tpp'
  | 'audit'
  | 'organisation';

/** Who reads the TPP screen (the server's core/src/tpp/access.ts decides which lines). */
export function tppReaderOf(me: Me): boolean {
  if (me.role === 'asn') return Boolean(me.nip);
  if (me.role === 'lurah') return Boolean(me.kelurahanCode);
  if (me.role === 'camat') return Boolean(me.kecamatanCode);
  return me.role === 'walikota' || me.role === 'hr' || me.role === 'verifikator' || me.role === 'admin';
}
const TPP_NAV = { key: 'tpp' as const, to: '/tpp' };

/** Who opens /organisasi: the roles that read the organisation register with their area (core/src/org/scope.ts). */
export function canSeeOrganisation(me: Me): boolean {
  return organisationScope({ ...me, kind: 'user' }).kind !== 'none';
}

/** Who imports into it (admins and HR). */
export function canWriteOrganisationUi(me: Me): boolean {
  return canWriteOrganisation({ ...me, kind: 'user' });
}

/** The navigation a role gets. */
export function navFor(me: Me): { key: NavKey; to: string }[] {
  // Kinerja: an officer's own month and, for a superior (any account with a NIP) or a verifikator, the queue.
  const kinerja: { key: NavKey; to: string }[] = [
    ...(me.nip ? [{ key: 'myMonth' as const, to: '/bulan-saya' }] : []),
    ...(me.nip || me.role === 'verifikator' ? [{ key: 'verification' as const, to: '/verifikasi' }] : []),
  ];
  if (me.role === 'verifikator')
    return [...kinerja, { key: 'appeals', to: '/appeals' }, TPP_NAV, { key: 'audit', to: '/audit' }];
  if (me.role === 'asn' && me.nip) return [...kinerja, { key: 'appeals', to: '/appeals' }, TPP_NAV];
  if (!canWatch(me.role)) return tppReaderOf(me) ? [TPP_NAV] : [];
  if (me.role === 'lurah' && me.kelurahanCode) {
    return [
      { key: 'myKelurahan', to: `/kelurahan/${me.kelurahanCode}` },
      { key: 'inbox', to: '/inbox' },
      { key: 'silences', to: '/silences' },
      { key: 'appeals', to: '/appeals' },
      ...kinerja,
      TPP_NAV,
      { key: 'organisation', to: '/organisasi' },
      { key: 'wall', to: '/wall' },
      { key: 'videoWall', to: '/wall/video' },
    ];
  }
  return [
    { key: 'home', to: '/' },
    { key: 'inbox', to: '/inbox' },
    { key: 'silences', to: '/silences' },
    ...(me.role === 'admin' ? [{ key: 'appeals' as const, to: '/appeals' }] : []),
    ...(tppReaderOf(me) ? [TPP_NAV] : []),
    ...(canSeeOrganisation(me) ? [{ key: 'organisation' as const, to: '/organisasi' }] : []),
    { key: 'wall', to: '/wall' },
    { key: 'videoWall', to: '/wall/video' },
    ...(canManageCameras(me.role) ? [{ key: 'cameras' as const, to: '/cameras' }] : []),
    ...(me.role === 'admin' ? [{ key: 'audit' as const, to: '/audit' }] : []),
  ];
}
