import {
  deviceCommandQueued,
  deviceCommandRequest,
  deviceCommandsResponse,
  deviceConfirmRequest,
  deviceCreated,
  deviceCreateRequest,
  deviceKeyed,
  deviceNetworksRequest,
  deviceRevoked,
  devicesResponse,
} from '@pkk/core';
import { type AddOperation, id, kelurahanFilter } from '../openapi/operation.ts';

/** The devices operations of the REST API. */
export function devicesOperations(add: AddOperation): void {
  add({
    method: 'get',
    path: '/api/v1/devices',
    operationId: 'listDevices',
    summary:
      'Registered devices (operators and admins); an ADMS terminal awaiting confirmation lists its contacts',
    tag: 'devices',
    access: 'account',
    request: { query: kelurahanFilter },
    ok: { 200: { description: 'Devices, keys never included', schema: devicesResponse } },
  });
  add({
    method: 'post',
    path: '/api/v1/devices',
    operationId: 'registerDevice',
    summary: 'Register a JSON device or an ADMS terminal (operators and admins)',
    tag: 'devices',
    access: 'account',
    request: { body: deviceCreateRequest },
    ok: {
      201: { description: "Registered; a JSON device's key is in this reply only", schema: deviceCreated },
    },
    errors: { 409: 'A device with this name or serial exists', 422: 'Unknown kelurahan' },
  });
  add({
    method: 'post',
    path: '/api/v1/devices/{id}/key',
    operationId: 'rotateDeviceKey',
    summary:
      'Give a JSON device a new key (operators; admins also for a revoked one, lifting the revocation)',
    tag: 'devices',
    access: 'account',
    request: { params: id },
    ok: {
      200: { description: 'The new key, in this reply only; the old one stops working', schema: deviceKeyed },
    },
    errors: {
      403: 'The device is revoked and the caller is not an admin',
      404: 'No JSON device with this id',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/devices/{id}/confirm',
    operationId: 'confirmDevice',
    summary:
      "Confirm an ADMS terminal's first contact, exactly as listed (source address, pushcommkey digest); operators and admins",
    tag: 'devices',
    access: 'account',
    request: { params: id, body: deviceConfirmRequest },
    ok: {
      200: {
        description:
          'Confirmed: its key is pinned, its networks (if none) become that address, and what it sends is stored',
        schema: deviceRevoked,
      },
    },
    errors: {
      400: 'Not an address or digest',
      404: 'No ADMS terminal with this id',
      409: 'Confirmed or revoked already, or the contact from that address is gone or shows another key',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/devices/{id}/restore',
    operationId: 'restoreDevice',
    summary: 'Undo the revocation of an ADMS terminal; it awaits confirmation again (admins)',
    tag: 'devices',
    access: 'account',
    request: { params: id },
    ok: { 200: { description: 'Restored, awaiting confirmation', schema: deviceRevoked } },
    errors: { 403: 'Admins only', 404: 'No revoked ADMS terminal with this id' },
  });
  add({
    method: 'put',
    path: '/api/v1/devices/{id}/networks',
    operationId: 'setDeviceNetworks',
    summary: 'Set the source networks (CIDR) a device may report from; empty allows any address (admins)',
    tag: 'devices',
    access: 'account',
    request: { params: id, body: deviceNetworksRequest },
    ok: {
      200: {
        description: 'Set; requests from elsewhere get the unknown-device reply',
        schema: deviceRevoked,
      },
    },
    errors: { 400: 'Not a CIDR list', 403: 'Admins only', 404: 'No such device' },
  });
  add({
    method: 'post',
    path: '/api/v1/devices/{id}/pushcommkey/reset',
    operationId: 'resetDevicePushCommKey',
    summary: "Forget an ADMS terminal's pinned pushcommkey; the next one it sends is pinned (admins)",
    tag: 'devices',
    access: 'account',
    request: { params: id },
    ok: { 200: { description: 'Reset', schema: deviceRevoked } },
    errors: { 403: 'Admins only', 404: 'No such ADMS terminal' },
  });
  add({
    method: 'post',
    path: '/api/v1/devices/{id}/revoke',
    operationId: 'revokeDevice',
    summary: 'Revoke a device (operators and admins)',
    tag: 'devices',
    access: 'account',
    request: { params: id },
    ok: { 200: { description: 'Revoked: ingest with its key or serial is refused', schema: deviceRevoked } },
    errors: { 404: 'No device with this id' },
  });
  add({
    method: 'post',
    path: '/api/v1/devices/{id}/commands',
    operationId: 'queueDeviceCommand',
    summary: 'Queue a command for an ADMS terminal (operators and admins)',
    tag: 'devices',
    access: 'account',
    request: { params: id, body: deviceCommandRequest },
    ok: { 201: { description: "Queued for the terminal's next poll", schema: deviceCommandQueued } },
    errors: {
      404: 'No ADMS terminal with this id',
      409: 'The terminal is revoked: it would never fetch the command',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/devices/{id}/commands',
    operationId: 'listDeviceCommands',
    summary: 'The latest 100 commands of an ADMS terminal with their status (operators and admins)',
    tag: 'devices',
    access: 'account',
    request: { params: id },
    ok: { 200: { description: 'Newest first', schema: deviceCommandsResponse } },
    errors: { 404: 'No ADMS terminal with this id' },
  });
}
