import type { DeskZone } from '@pkk/core';
import type { AdminApi } from '../http/admin.ts';
import type { Log } from '../http/client.ts';
import { createRequestOf, type SimCamera } from './plan.ts';

/**
 * Registers the simulated cameras over the api (`POST /api/v1/cameras`), so that running twice
 * changes nothing: an office's cameras are listed first and found again by name (a 409 on create
 * also means "there already"); found ones are pointed at the current URLs, since the RTSP port may
 * differ between runs and the api never sends a URL back to compare.
 * A desk camera gets the desk zones where the scene draws its people (`zonesOf`), unless it has
 * zones already (an operator's drawing is kept).
 * An api without the camera routes (an older one) answers 404: reported once and skipped.
 */
export async function provisionCameras(
  admin: AdminApi,
  cameras: SimCamera[],
  url: (path: string) => string,
  log: Log,
  zonesOf: (c: SimCamera) => DeskZone[] = () => [],
): Promise<{ created: number; found: number; unavailable: boolean }> {
  const byOffice = new Map<string, SimCamera[]>();
  for (const c of cameras) byOffice.set(c.kelurahanCode, [...(byOffice.get(c.kelurahanCode) ?? []), c]);
  const out = { created: 0, found: 0, unavailable: false };
  const first = cameras[0];
  if (!first) return out;
  // One probe before fanning out: an api without the routes answers every office with 404.
  if ((await admin.listCameras(first.kelurahanCode)) === null) {
    log('warn', 'the api has no /api/v1/cameras yet: the simulated cameras are served but not registered');
    return { ...out, unavailable: true };
  }
  await Promise.all(
    [...byOffice].map(async ([code, wanted]) => {
      const have = (await admin.listCameras(code)) ?? [];
      for (const c of wanted) {
        const req = createRequestOf(c, url);
        const found = have.find((h) => h.name === c.name);
        const zones = zonesOf(c);
        if (found) {
          out.found++;
          await admin.updateCameraUrls(found.id, {
            rtspMain: req.rtspMain,
            rtspSub: req.rtspSub!,
            pullMode: req.pullMode,
          });
          if (zones.length && !found.zones.length) await admin.setCameraZones(found.id, zones);
          continue;
        }
        const created = await admin.createCamera(req);
        if (created && created !== 'exists' && zones.length) await admin.setCameraZones(created.id, zones);
        if (created === 'exists') {
          // Made meanwhile (another simulator): find it and point it here.
          const again = ((await admin.listCameras(code)) ?? []).find((h) => h.name === c.name);
          if (again)
            await admin.updateCameraUrls(again.id, {
              rtspMain: req.rtspMain,
              rtspSub: req.rtspSub!,
              pullMode: req.pullMode,
            });
          out.found++;
        } else if (created) out.created++;
      }
    }),
  );
  log('info', `cameras on the api: ${out.created} registered, ${out.found} found again`);
  return out;
}
