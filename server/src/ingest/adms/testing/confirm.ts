import type { Device } from '@pkk/core';
import type { FakeTerminal } from './terminal.ts';

/**
 * A registered ADMS terminal brought into service as an installer and an operator do it: the terminal
 * makes its first contact (a handshake, from wherever `speaker` speaks from), the operator lists the
 * device and confirms the contact shown. `auth` is a session cookie or an Authorization header value.
 */
export async function confirmFirstContact(
  baseUrl: string,
  auth: string,
  deviceId: number,
  speaker: FakeTerminal,
  handshakeQuery?: string,
): Promise<Device> {
  const headers = {
    'content-type': 'application/json',
    ...(auth.startsWith('Bearer ') ? { authorization: auth } : { cookie: auth }),
  };
  const hello = await speaker.handshake(handshakeQuery);
  if (hello.status !== 200) throw new Error(`first contact of terminal ${deviceId}: HTTP ${hello.status}`);
  // The contact is written just after the reply: look until the device list shows it.
  const deadline = Date.now() + 10_000;
  let device: Device | undefined;
  for (;;) {
    const list = await fetch(`${baseUrl}/api/v1/devices`, { headers });
    device = ((await list.json()) as { items: Device[] }).items.find((d) => d.id === deviceId);
    if (device?.contacts.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const contact = device?.contacts[0];
  if (!contact) throw new Error(`terminal ${deviceId}: no contact listed after its handshake`);
  const res = await fetch(`${baseUrl}/api/v1/devices/${deviceId}/confirm`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      sourceAddress: contact.sourceAddress,
      pushCommKeyDigest: contact.pushCommKeyDigest,
    }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`confirming terminal ${deviceId}: ${res.status} ${text}`);
  return (JSON.parse(text) as { device: Device }).device;
}
