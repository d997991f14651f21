import type { Registry } from '@pkk/core';
import { provisionCameras } from '../cameras/provision.ts';
import type { SimCamera } from '../cameras/plan.ts';
import { SimCameras } from '../cameras/sim-cameras.ts';
import type { AdminApi } from '../http/admin.ts';
import { defaultAttendanceProtocol, officeDevices, type AttendanceProtocol } from '../plan/devices.ts';
import { generateStaff, type SimOfficer } from '../plan/staff.ts';
import { provisionDevices, provisionOfficers, type ProvisionedDevice } from './provision.ts';
import type { SimulatorConfig } from './simulator.ts';

/** The simulated city as it stands on the server once set up. */
export interface SimCity {
  /** The offices simulated, in registry order. */
  offices: string[];
  staff: Map<string, SimOfficer[]>;
  /** How each office's terminal reports attendance. */
  protocols: Map<string, AttendanceProtocol>;
  admsAvailable: boolean;
  devices: Map<string, ProvisionedDevice[]>;
  cameras: SimCameras | null;
}

type Say = (level: 'info' | 'warn' | 'error', msg: string) => void;

/**
 * Provisioning: picks the offices, generates their staff, learns whether the api speaks ADMS,
 * registers officers and devices over the admin API, and starts the simulated cameras (each
 * registered once it is served).
 */
export async function setUpCity(
  cfg: SimulatorConfig,
  registry: Registry,
  admin: AdminApi,
  say: Say,
): Promise<SimCity> {
  const all = cfg.policy.kelurahan.map((k) => k.code);
  for (const code of cfg.offices ?? []) if (!registry.get(code)) throw new Error(`unknown kelurahan ${code}`);
  const offices = cfg.offices ? all.filter((c) => cfg.offices!.includes(c)) : all;
  const staff = generateStaff(cfg.seed, registry);

  const admsAvailable = cfg.adms === 'off' ? false : cfg.adms === 'on' ? true : await admin.admsAvailable();
  if (!admsAvailable && cfg.adms !== 'off')
    say(
      'warn',
      'the api does not serve /iclock (ADMS): every office reports attendance through the JSON gateway',
    );
  const forcedJson = new Set(cfg.jsonAttendance ?? []);
  const protocols = new Map<string, AttendanceProtocol>();
  all.forEach((code, i) =>
    protocols.set(code, admsAvailable && !forcedJson.has(code) ? defaultAttendanceProtocol(i) : 'json'),
  );

  await provisionOfficers(
    admin,
    offices.flatMap((c) => staff.get(c) ?? []),
    cfg.log,
  );
  const devices = await provisionDevices(
    admin,
    new Map(offices.map((c) => [c, officeDevices(c, protocols.get(c)!)])),
    cfg.policy.thresholds.devices.admsTimeZoneHours * 60,
    cfg.log,
  );
  const cameras = cfg.cameras ? await startCameras(cfg, registry, offices, admin, say) : null;
  return { offices, staff, protocols, admsAvailable, devices, cameras };
}

/**
 * Cameras are one part of the simulation: when they cannot start (port taken, GStreamer missing)
 * the rest plays on without them, and the log says why. A camera is registered once it is served
 * (its clip made on a first run takes a while): a camera on the api that the sim cannot serve yet
 * would read as a broken camera, not a new one.
 */
async function startCameras(
  cfg: SimulatorConfig,
  registry: Registry,
  offices: string[],
  admin: AdminApi,
  say: Say,
): Promise<SimCameras | null> {
  let cameras: SimCameras | null = null;
  let batch: SimCamera[] = [];
  let flushing: NodeJS.Timeout | null = null;
  const register = (c: SimCamera) => {
    batch.push(c);
    flushing ??= setTimeout(() => {
      const these = batch;
      batch = [];
      flushing = null;
      void provisionCameras(
        admin,
        these,
        (p) => cameras!.url(p),
        cfg.log,
        (c) => cameras!.zonesOf(c),
      ).catch((err: Error) => say('error', `cameras not registered: ${err.message}`));
    }, 500);
  };
  try {
    cameras = await SimCameras.start({
      seed: cfg.seed,
      offices: cfg.policy.kelurahan.filter((k) => offices.includes(k.code)),
      ...cfg.cameras!,
      desksOf: (code) => registry.desksOf(code).map((d) => d.code),
      log: cfg.log,
      onMounted: register,
    });
  } catch (err) {
    say('error', `simulated cameras off: ${(err as Error).message}`);
  }
  return cameras;
}
