import type {
  Camera,
  CameraCreateRequest,
  PullMode,
  DeskZone,
  Device,
  DeviceContact,
  LeaveKind,
  Officer,
} from '@pkk/core';
import type { Http, HttpReply, Log } from './client.ts';

/** An admin API call that did not go as the simulator needs. */
export class ApiCallError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} → HTTP ${status}: ${body.slice(0, 300)}`);
    this.name = 'ApiCallError';
  }
}

export interface LeaveOnFile {
  kind: LeaveKind;
  startDate: string;
  endDate: string;
}

/** The registry calls the simulator makes with its admin token (officers, devices, leave). */
export class AdminApi {
  constructor(
    private readonly http: Http,
    private readonly token: string,
    private readonly log?: Log,
  ) {}

  private async call(
    method: string,
    path: string,
    body?: unknown,
    ok: number[] = [200, 201],
  ): Promise<HttpReply & { json: unknown }> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const reply = await this.http.sendWithRetry(
      method,
      path,
      { headers, body: body === undefined ? undefined : JSON.stringify(body), expected: ok },
      8,
      this.log,
    );
    if (!ok.includes(reply.status)) throw new ApiCallError(method, path, reply.status, reply.text);
    let json: unknown = null;
    try {
      json = reply.text ? JSON.parse(reply.text) : null;
    } catch {
      // a non-JSON reply where one was allowed (never expected from this API)
    }
    return { ...reply, json };
  }

  async listOfficers(): Promise<Officer[]> {
    return ((await this.call('GET', '/api/v1/officers')).json as { items: Officer[] }).items;
  }

  /** Bulk upsert by NIP, in chunks the API accepts. */
  async upsertOfficers(officers: Officer[]): Promise<void> {
    for (let i = 0; i < officers.length; i += 1000)
      await this.call('PUT', '/api/v1/officers', { officers: officers.slice(i, i + 1000) });
  }

  async listDevices(kelurahan?: string): Promise<Device[]> {
    const q = kelurahan ? `?kelurahan=${encodeURIComponent(kelurahan)}` : '';
    return ((await this.call('GET', `/api/v1/devices${q}`)).json as { items: Device[] }).items;
  }

  /** Registers a device; null when the name or serial is taken (409). */
  async createDevice(req: {
    kelurahanCode: string;
    kind: Device['kind'];
    name: string;
    protocol: Device['protocol'];
    serial?: string;
    tzOffsetMinutes?: number;
  }): Promise<{ device: Device; key: string | null } | null> {
    const r = await this.call('POST', '/api/v1/devices', req, [201, 409]);
    return r.status === 409 ? null : (r.json as { device: Device; key: string | null });
  }

  /** A new key for a JSON device (also lifts a revocation). */
  async rotateKey(id: number): Promise<{ device: Device; key: string }> {
    return (await this.call('POST', `/api/v1/devices/${id}/key`)).json as { device: Device; key: string };
  }

  /** Confirms an ADMS terminal's first contact, exactly as the device list showed it. */
  async confirmDevice(id: number, contact: DeviceContact): Promise<Device> {
    const r = await this.call('POST', `/api/v1/devices/${id}/confirm`, {
      sourceAddress: contact.sourceAddress,
      pushCommKeyDigest: contact.pushCommKeyDigest,
    });
    return (r.json as { device: Device }).device;
  }

  /**
   * A terminal's power-on handshake, as the installer's first contact with a terminal just registered
   * (the simulator installs its terminals and confirms them as their operator).
   */
  async greetAsTerminal(serial: string): Promise<void> {
    await this.http.sendWithRetry(
      'GET',
      `/iclock/cdata?SN=${encodeURIComponent(serial)}&options=all&pushver=2.4.1&language=69`,
      { headers: { 'user-agent': 'iClock Proxy/1.09', accept: '*/*' }, expected: [200] },
      8,
      this.log,
    );
  }

  async revokeDevice(id: number): Promise<void> {
    await this.call('POST', `/api/v1/devices/${id}/revoke`);
  }

  /**
   * The cameras of one office; null when the api has no camera routes (404: an api without them).
   * NOTE: /api/v1/cameras is being built on another branch; shapes follow core/src/schemas/cameras.ts.
   */
  async listCameras(kelurahan: string): Promise<Camera[] | null> {
    const r = await this.call(
      'GET',
      `/api/v1/cameras?kelurahan=${encodeURIComponent(kelurahan)}`,
      undefined,
      [200, 404],
    );
    return r.status === 404 ? null : (r.json as { items: Camera[] }).items;
  }

  /** Registers a camera; 'exists' when the api says one of that name is there (409); null without the route. */
  async createCamera(req: CameraCreateRequest): Promise<Camera | 'exists' | null> {
    const r = await this.call('POST', '/api/v1/cameras', req, [201, 404, 409]);
    if (r.status === 404) return null;
    return r.status === 409 ? 'exists' : (r.json as { camera: Camera }).camera;
  }

  /** Points a camera at new stream URLs (the sim's port may change between runs), and its pull mode. */
  async updateCameraUrls(
    id: string,
    urls: { rtspMain: string; rtspSub: string; pullMode?: PullMode },
  ): Promise<boolean> {
    const r = await this.call('PATCH', `/api/v1/cameras/${id}`, urls, [200, 404, 405]);
    return r.status === 200;
  }

  /** Sets a camera's desk zones (PUT replaces them all). */
  async setCameraZones(id: string, zones: DeskZone[]): Promise<boolean> {
    const r = await this.call('PUT', `/api/v1/cameras/${id}/zones`, { zones }, [200, 404]);
    return r.status === 200;
  }

  async leaveOf(nip: string): Promise<LeaveOnFile[]> {
    return ((await this.call('GET', `/api/v1/officers/${nip}/leave`)).json as { items: LeaveOnFile[] }).items;
  }

  async recordLeave(rec: {
    nip: string;
    kind: LeaveKind;
    startDate: string;
    endDate: string;
    note: string;
  }): Promise<void> {
    await this.call('POST', '/api/v1/leave', rec);
  }

  /** Imports the organisation (CSV, all or nothing); the reply counts rows created and unchanged. */
  async importOrganisation(csv: string): Promise<{ created: number; unchanged: number }> {
    const r = await this.call('POST', '/api/v1/organisation/import', {
      format: 'csv',
      content: Buffer.from(csv, 'utf8').toString('base64'),
    });
    const rows = (r.json as { rows: { action: string }[] }).rows;
    const created = rows.filter((x) => x.action === 'create').length;
    return { created, unchanged: rows.length - created };
  }

  /** Enters an SK in the sanctions register; false when it is there already (409). */
  async recordSanction(s: {
    nip: string;
    sk: string;
    kind: string;
    start: string;
    note: string;
  }): Promise<boolean> {
    return (await this.call('POST', '/api/v1/sanctions', s, [201, 409])).status === 201;
  }

  /**
   * Whether the server speaks ADMS: an unknown serial gets 401/403 from a mounted /iclock, while an
   * api without it answers 404.
   */
  async admsAvailable(): Promise<boolean> {
    const r = await this.http.sendWithRetry(
      'GET',
      '/iclock/getrequest?SN=PKKPROBE0',
      { expected: [401, 403, 404] },
      8,
      this.log,
    );
    return r.status !== 404;
  }
}
