import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { KelurahanEntry } from '@pkk/core';
import type { Boundaries, KecamatanInfo, RegistryInfo } from '@/api/endpoints.ts';
import { boundariesResource, registryResource } from '@/api/registry.ts';
import type { ResourceState } from '@/api/resource.ts';

export function useRegistry(): ResourceState<RegistryInfo> {
  useEffect(() => registryResource.ensure(), []);
  return useSyncExternalStore(registryResource.subscribe, registryResource.get);
}

export function useBoundaries(): ResourceState<Boundaries> {
  useEffect(() => boundariesResource.ensure(), []);
  return useSyncExternalStore(boundariesResource.subscribe, boundariesResource.get);
}

export interface RegistryIndex {
  registry: RegistryInfo;
  kelurahan: ReadonlyMap<string, KelurahanEntry>;
  kecamatan: ReadonlyMap<string, KecamatanInfo>;
  /** The display name of a kelurahan by code (the code itself when unknown). */
  nameOf: (code: string) => string;
}

export function indexRegistry(registry: RegistryInfo): RegistryIndex {
  const kelurahan = new Map(registry.kelurahan.map((k) => [k.code, k]));
  return {
    registry,
    kelurahan,
    kecamatan: new Map(registry.kecamatan.map((k) => [k.code, k])),
    nameOf: (code) => kelurahan.get(code)?.name ?? code,
  };
}

/** The registry with look-ups, or null while it loads. */
export function useRegistryIndex(): RegistryIndex | null {
  const r = useRegistry();
  const value = r.status === 'ready' ? r.value : null;
  return useMemo(() => (value ? indexRegistry(value) : null), [value]);
}
