import { api, type Boundaries, type RegistryInfo } from './endpoints.ts';
import { serverClock } from './live/index.ts';
import { Resource } from './resource.ts';

/** Public reference data, loaded once per tab. */
export const registryResource = new Resource<RegistryInfo>(async () => {
  const r = await api.registry();
  serverClock.setSpeed(r.clockSpeed);
  return r;
});

/** The 107 polygons, loaded only by screens with a map. */
export const boundariesResource = new Resource<Boundaries>(() => api.boundaries());
