import type { Device, LeaveKind, LocalDate } from '@pkk/core';
import type { AdminApi } from '../http/admin.ts';
import type { Log } from '../http/client.ts';
import { DEVICE_NAMES, type DeviceSpec } from '../plan/devices.ts';
import { orgCsv, type OrgPlan } from '../plan/organisation.ts';
import { toOfficer, type SimOfficer } from '../plan/staff.ts';

/**
 * Puts the simulated city into the server through its API, so that running twice changes nothing:
 * officers are upserted by NIP, devices are found again by name (JSON devices get a fresh key, since
 * keys are shown only once), leave is filed only when not on file already.
 */

/** Marks the devices this simulator owns: names from DEVICE_NAMES, all ending in "(sim)". */
const OWN_DEVICE_NAMES = new Set<string>(Object.values(DEVICE_NAMES));

export async function provisionOfficers(admin: AdminApi, officers: SimOfficer[], log: Log): Promise<void> {
  if (!officers.length) return;
  const ours = new Set(officers.map((o) => o.nip));
  const pinsByOffice = new Map<string, Set<string>>();
  for (const o of officers)
    pinsByOffice.set(o.kelurahanCode, (pinsByOffice.get(o.kelurahanCode) ?? new Set()).add(o.pin));
  // Officers left from an earlier seed would hold the terminal PINs this roster needs: retire them.
  const stale = (await admin.listOfficers()).filter(
    (o) => !ours.has(o.nip) && pinsByOffice.get(o.kelurahanCode)?.has(o.pin),
  );
  if (stale.length) {
    log(
      'warn',
      `retiring ${stale.length} officers of an earlier simulation whose terminal PINs this seed uses`,
    );
    await admin.upsertOfficers(
      stale.map((o) => ({ ...o, pin: `old-${o.nip.slice(-8)}`, desk: null, active: false })),
    );
  }
  await admin.upsertOfficers(officers.map(toOfficer));
}

export interface ProvisionedDevice {
  spec: DeviceSpec;
  device: Device;
  key: string | null;
}

/**
 * Registers (or finds again) the devices of the given offices. Simulator devices an office no longer
 * uses (an office switched from the JSON gateway to ADMS) are revoked so that they do not show as
 * offline forever; ADMS terminals are left alone (only an admin restores a revoked one). A terminal
 * is confirmed as its operator would (see confirmTerminal).
 */
export async function provisionDevices(
  admin: AdminApi,
  specs: Map<string, DeviceSpec[]>,
  tzOffsetMinutes: number,
  log: Log,
): Promise<Map<string, ProvisionedDevice[]>> {
  const existing = await admin.listDevices();
  const byOffice = new Map<string, Device[]>();
  for (const d of existing) byOffice.set(d.kelurahanCode, [...(byOffice.get(d.kelurahanCode) ?? []), d]);

  const out = new Map<string, ProvisionedDevice[]>();
  await Promise.all(
    [...specs].map(async ([code, wanted]) => {
      const have = byOffice.get(code) ?? [];
      const list: ProvisionedDevice[] = [];
      for (const spec of wanted) list.push(await ensureDevice(admin, code, spec, have, tzOffsetMinutes));
      for (const d of have) {
        if (!OWN_DEVICE_NAMES.has(d.name) || d.revokedAt || wanted.some((w) => w.name === d.name)) continue;
        if (d.protocol === 'json') await admin.revokeDevice(d.id);
        else
          log('warn', `${code}: simulated ADMS terminal ${d.serial} is no longer used and will show offline`);
      }
      out.set(code, list);
    }),
  );
  return out;
}

async function ensureDevice(
  admin: AdminApi,
  code: string,
  spec: DeviceSpec,
  have: Device[],
  tzOffsetMinutes: number,
): Promise<ProvisionedDevice> {
  const found = have.find((d) => d.name === spec.name);
  if (!found) {
    const created = await admin.createDevice({
      kelurahanCode: code,
      kind: spec.kind,
      name: spec.name,
      protocol: spec.protocol,
      ...(spec.serial ? { serial: spec.serial } : {}),
      tzOffsetMinutes,
    });
    if (created)
      return {
        spec,
        device:
          created.device.protocol === 'adms' ? await confirmTerminal(admin, created.device) : created.device,
        key: created.key,
      };
  }
  // Known already (or created meanwhile by someone else): find it and take it over.
  const device = found ?? (await admin.listDevices(code)).find((d) => d.name === spec.name);
  if (!device)
    throw new Error(
      `${code}: device '${spec.name}' conflicts with another device (serial ${spec.serial ?? '-'} taken?)`,
    );
  if (device.protocol !== spec.protocol || device.kind !== spec.kind) {
    throw new Error(
      `${code}: device '${spec.name}' exists as ${device.kind}/${device.protocol}, expected ${spec.kind}/${spec.protocol}`,
    );
  }
  if (spec.protocol === 'json') {
    const rotated = await admin.rotateKey(device.id);
    return { spec, device: rotated.device, key: rotated.key };
  }
  if (device.revokedAt)
    throw new Error(
      `${code}: ADMS terminal ${device.serial} is revoked; an admin restores it (POST /api/v1/devices/${device.id}/restore)`,
    );
  return { spec, device: await confirmTerminal(admin, device), key: null };
}

/**
 * A terminal registered but not confirmed stores nothing (issue 18): the simulator, as installer and
 * operator, makes its first contact and confirms the one contact the device list then shows. Another
 * contact listed too means someone else used the serial: that is for a person to look at.
 */
async function confirmTerminal(admin: AdminApi, device: Device): Promise<Device> {
  if (!device.awaitingConfirmation) return device;
  await admin.greetAsTerminal(device.serial!);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const listed = (await admin.listDevices(device.kelurahanCode)).find((d) => d.id === device.id);
    const contacts = listed?.contacts ?? [];
    if (contacts.length === 1) return admin.confirmDevice(device.id, contacts[0]!);
    if (contacts.length > 1)
      throw new Error(
        `${device.kelurahanCode}: ADMS terminal ${device.serial} has ${contacts.length} contacts (${contacts.map((c) => c.sourceAddress).join(', ')}); confirm the right one by hand`,
      );
    if (Date.now() > deadline)
      throw new Error(
        `${device.kelurahanCode}: ADMS terminal ${device.serial}: its first contact is not listed`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Files the day's leave and duty records that are not on file yet. */
export async function provisionLeave(
  admin: AdminApi,
  date: LocalDate,
  leave: { nip: string; kind: LeaveKind }[],
  note: string,
): Promise<number> {
  let filed = 0;
  await Promise.all(
    leave.map(async (l) => {
      const onFile = await admin.leaveOf(l.nip);
      if (onFile.some((r) => r.kind === l.kind && r.startDate <= date && r.endDate >= date)) return;
      await admin.recordLeave({ nip: l.nip, kind: l.kind, startDate: date, endDate: date, note });
      filed++;
    }),
  );
  return filed;
}

/**
 * The organisation of the simulated offices (sim/src/plan/organisation.ts): the heads of area into
 * the officers registry (an earlier seed's holder of their PIN retired first), then every assignment
 * in one all-or-nothing import, and the demo month's sanction. Running twice changes nothing: the
 * import answers `unchanged` for recorded rows and the SK is entered once.
 */
export async function provisionOrganisation(admin: AdminApi, plan: OrgPlan, log: Log): Promise<void> {
  if (!plan.rows.length) return;
  const ours = new Set(plan.heads.map((h) => h.nip));
  const pins = new Set(plan.heads.map((h) => `${h.kelurahanCode}|${h.pin}`));
  const stale = (await admin.listOfficers()).filter(
    (o) => !ours.has(o.nip) && pins.has(`${o.kelurahanCode}|${o.pin}`),
  );
  if (stale.length)
    await admin.upsertOfficers(
      stale.map((o) => ({ ...o, pin: `old-${o.nip.slice(-8)}`, desk: null, active: false })),
    );
  await admin.upsertOfficers(plan.heads);
  const { created, unchanged } = await admin.importOrganisation(orgCsv(plan.rows));
  log('info', `organisation: ${created} assignments recorded, ${unchanged} already on record`);
  if (plan.sanction)
    await admin.recordSanction({
      ...plan.sanction,
      note: 'Demo: potongan TPP 25% selama 6 bulan (PP 94/2021), untuk bulan demo',
    });
}
