import type { DeviceKind } from '@pkk/core';

/**
 * The devices of one simulated office: an attendance terminal (a ZKTeco-style ADMS terminal in most
 * offices, a JSON gateway in every tenth so that both ingest paths carry traffic), a queue kiosk and
 * the camera analytics that report who sits at each desk.
 */

export type AttendanceProtocol = 'adms' | 'json';

export interface DeviceSpec {
  kind: DeviceKind;
  protocol: 'json' | 'adms';
  /** Unique per office; the simulator finds its devices again by this name on a re-run. */
  name: string;
  serial?: string;
}

/** Names carry "(sim)" so that an operator can tell simulated devices from real ones. */
export const DEVICE_NAMES = {
  adms: 'Mesin absensi ADMS (sim)',
  attendanceJson: 'Gateway absensi JSON (sim)',
  queue: 'Kiosk antrian (sim)',
  presence: 'Analitik CCTV loket (sim)',
} as const;

/** Serial an ADMS terminal announces as SN=: "PKK" and the digits of the office code. */
export function terminalSerial(code: string): string {
  return `PKK${code.replace(/\D/g, '')}`;
}

/** Every tenth office (by registry position) reports attendance through the JSON gateway. */
export function defaultAttendanceProtocol(index: number): AttendanceProtocol {
  return index % 10 === 9 ? 'json' : 'adms';
}

export function officeDevices(code: string, attendance: AttendanceProtocol): DeviceSpec[] {
  return [
    attendance === 'adms'
      ? { kind: 'attendance', protocol: 'adms', name: DEVICE_NAMES.adms, serial: terminalSerial(code) }
      : { kind: 'attendance', protocol: 'json', name: DEVICE_NAMES.attendanceJson },
    { kind: 'queue', protocol: 'json', name: DEVICE_NAMES.queue },
    { kind: 'presence', protocol: 'json', name: DEVICE_NAMES.presence },
  ];
}
