import type { DeskDef, KelurahanEntry, PolicyConfig, ServiceDef } from './schema.ts';

/** Look-ups over the kelurahan registry and office layout that every role needs. */
export class Registry {
  readonly kelurahan: ReadonlyMap<string, KelurahanEntry>;
  readonly services: ReadonlyMap<string, ServiceDef>;

  constructor(readonly policy: PolicyConfig) {
    this.kelurahan = new Map(policy.kelurahan.map((k) => [k.code, k]));
    this.services = new Map(policy.offices.services.map((s) => [s.code, s]));
  }

  get(code: string): KelurahanEntry | undefined {
    return this.kelurahan.get(code);
  }

  desksOf(code: string): DeskDef[] {
    return this.policy.offices.overrides[code]?.desks ?? this.policy.offices.defaultDesks;
  }

  /** Services an office offers: those of its desks, in the order of the service list. */
  servicesOf(code: string): ServiceDef[] {
    const offered = new Set(this.desksOf(code).flatMap((d) => d.services));
    return this.policy.offices.services.filter((s) => offered.has(s.code));
  }

  inKecamatan(kecamatanCode: string): KelurahanEntry[] {
    return this.policy.kelurahan.filter((k) => k.kecamatanCode === kecamatanCode);
  }
}
