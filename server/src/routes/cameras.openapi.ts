import { z } from 'zod';
import {
  cameraCreateRequest,
  cameraResponse,
  camerasQuery,
  camerasResponse,
  cameraUpdateRequest,
  cameraZonesRequest,
  liveViewsQuery,
  liveViewsResponse,
  playRequest,
  playResponse,
} from '@pkk/core';
import { type AddOperation } from '../openapi/operation.ts';

/** The cameras operations of the REST API. */
export function camerasOperations(add: AddOperation): void {
  const cameraId = z.object({ id: z.string().uuid() });
  const jpeg = { 'image/jpeg': { schema: z.string().describe('JPEG bytes') } };
  add({
    method: 'get',
    path: '/api/v1/cameras',
    operationId: 'listCameras',
    summary:
      "Cameras of the offices in the caller's area, with health and latest snapshot (never their RTSP URLs)",
    tag: 'cameras',
    access: 'account',
    request: { query: camerasQuery },
    ok: { 200: { description: 'By kelurahan and name', schema: camerasResponse } },
    errors: {
      403: "The role does not watch offices, or a filter names an area outside the account's",
      404: 'Unknown kelurahan',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/cameras',
    operationId: 'createCamera',
    summary: 'Add a camera to an office (operators and admins); its RTSP URLs are stored sealed',
    tag: 'cameras',
    access: 'account',
    request: { body: cameraCreateRequest },
    ok: { 201: { description: 'Added; media nodes are told to pull it', schema: cameraResponse } },
    errors: {
      400: 'A field fails validation (an RTSP URL that does not parse, an unknown kelurahan)',
      403: 'Only operators and admins manage cameras',
      409: 'A camera of this name exists in the kelurahan',
    },
  });
  add({
    method: 'patch',
    path: '/api/v1/cameras/{id}',
    operationId: 'updateCamera',
    summary: 'Change a camera (operators and admins); `rtspSub: null` removes the sub stream',
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId, body: cameraUpdateRequest },
    ok: { 200: { description: 'Changed', schema: cameraResponse } },
    errors: {
      403: 'Only operators and admins manage cameras',
      404: 'No such camera',
      409: 'A camera of this name exists in the kelurahan',
    },
  });
  add({
    method: 'delete',
    path: '/api/v1/cameras/{id}',
    operationId: 'deleteCamera',
    summary: 'Remove a camera that was never watched (operators and admins)',
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId },
    ok: { 204: { description: 'Removed, with its status and snapshots' } },
    errors: {
      403: 'Only operators and admins manage cameras',
      404: 'No such camera',
      409: 'The camera was watched, or its snapshots are evidence of findings: its viewing audit and that evidence are kept, disable it instead',
    },
  });
  add({
    method: 'put',
    path: '/api/v1/cameras/{id}/zones',
    operationId: 'setCameraZones',
    summary: "Set the desk zones drawn on a camera's image (operators and admins)",
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId, body: cameraZonesRequest },
    ok: { 200: { description: 'Set', schema: cameraResponse } },
    errors: {
      400: "A polygon fails validation, or a desk is not one of the office's (`details` names each)",
      403: 'Only operators and admins manage cameras',
      404: 'No such camera',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/cameras/{id}/play',
    operationId: 'playCamera',
    summary:
      'Signed, short-lived URLs to watch a camera on the media node that owns it (the view is audited)',
    description:
      '`stream` in the reply is the one granted: `sub` on a camera without a sub stream falls back to `main`. Limited per user (PLAY_RATE_LIMIT a minute). One play opens one view: the first of its URLs used (WHEP offer, WebSocket, HLS playlist) claims it, and the media node refuses the token after that (409 `token_used`); ask for a play per attempt. The view ends when the sign-in it was asked under ends (logout, the user deactivated or their role or area changed); an HLS view also after MEDIA_HLS_MAX_SESSION_SECONDS.',
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId, body: playRequest },
    ok: {
      201: {
        description: 'Play URLs (WHEP, fMP4 over WebSocket, HLS) for one view, to be used before `expiresAt`',
        schema: playResponse,
      },
    },
    errors: {
      403: 'The role does not watch cameras, or an API token (a view is audited by user)',
      404: "No such camera in the account's area",
      409: 'The camera is disabled',
      429: 'Too many plays; retry in a minute',
      503: 'No media node is configured',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/cameras/{id}/snapshot',
    operationId: 'getCameraSnapshot',
    summary: 'The latest snapshot of a camera (JPEG; ETag is its SHA-256)',
    tag: 'cameras',
    access: 'account',
    request: { params: cameraId },
    ok: {
      200: { description: 'JPEG, cacheable privately for a few seconds', content: jpeg },
      304: { description: 'Unchanged since the ETag sent in If-None-Match' },
    },
    errors: {
      403: 'The role does not watch cameras',
      404: "No such camera in the account's area, or no snapshot yet",
    },
  });
  add({
    method: 'get',
    path: '/api/v1/cameras/{id}/snapshots/{takenAt}',
    operationId: 'getCameraSnapshotAt',
    summary: 'One snapshot by the time it was taken (epoch ms): the evidence a finding links to',
    tag: 'cameras',
    access: 'account',
    request: {
      params: cameraId.extend({
        takenAt: z
          .string()
          .regex(/^\d{1,15}$/)
          .describe('Epoch milliseconds'),
      }),
    },
    ok: {
      200: { description: 'JPEG (immutable)', content: jpeg },
      304: { description: 'Unchanged since the ETag sent in If-None-Match' },
    },
    errors: {
      403: 'The role does not watch cameras',
      404: "No such camera in the account's area, or no snapshot of that time (or it expired)",
    },
  });
  add({
    method: 'get',
    path: '/api/v1/live-views',
    operationId: 'listLiveViews',
    summary: 'Who watched which camera when, newest first (operators and admins; a camat: their kecamatan)',
    tag: 'cameras',
    access: 'account',
    request: { query: liveViewsQuery },
    ok: { 200: { description: 'A page of views and the total that match', schema: liveViewsResponse } },
    errors: { 403: 'Only operators, admins and camat read the viewing audit' },
  });
}
