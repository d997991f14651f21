import {
  pushKeyResponse,
  pushSubscribed,
  pushSubscriptionRequest,
  silenceRequest,
  silenceResponse,
  silencesResponse,
} from '@pkk/core';
import { type AddOperation, id } from '../openapi/operation.ts';

/** The alerts operations of the REST API. */
export function alertsOperations(add: AddOperation): void {
  add({
    method: 'get',
    path: '/api/v1/silences',
    operationId: 'listSilences',
    summary: "Silences of the caller's area, active, pending and expired in the last week",
    tag: 'alerts',
    access: 'account',
    ok: { 200: { description: 'Newest first', schema: silencesResponse } },
    errors: { 403: 'The role does not receive alerts' },
  });
  add({
    method: 'post',
    path: '/api/v1/silences',
    operationId: 'createSilence',
    summary:
      "Silence alerts matching Alertmanager matchers for a while (a camat or lurah: their own area's only)",
    tag: 'alerts',
    access: 'account',
    request: { body: silenceRequest },
    ok: { 201: { description: 'Created', schema: silenceResponse } },
    errors: {
      400: 'A matcher or field fails validation',
      403: "The matchers do not confine it to the caller's area",
      422: 'Already over',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/silences/{id}/expire',
    operationId: 'expireSilence',
    summary: 'End a silence now',
    tag: 'alerts',
    access: 'account',
    request: { params: id },
    ok: { 200: { description: 'Expired', schema: silenceResponse } },
    errors: { 400: 'Not a silence id', 404: "No such silence in the caller's area", 409: 'Expired already' },
  });
  add({
    method: 'get',
    path: '/api/v1/push/key',
    operationId: 'getPushKey',
    summary: 'The VAPID public key browsers subscribe to Web Push with',
    tag: 'alerts',
    access: 'account',
    ok: { 200: { description: 'Base64url, uncompressed P-256', schema: pushKeyResponse } },
    errors: { 403: 'The role gets no alerts' },
  });
  add({
    method: 'post',
    path: '/api/v1/push/subscriptions',
    operationId: 'subscribePush',
    summary: "Store this device's Web Push subscription for the signed-in user",
    tag: 'alerts',
    access: 'account',
    request: { body: pushSubscriptionRequest },
    ok: { 201: { description: 'Stored', schema: pushSubscribed } },
    errors: {
      400: 'Not a push subscription, not https, or a literal address the workers may not call',
      403: 'An API token, or a role that gets no alerts',
      409: 'The endpoint is registered to another account',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/push/subscriptions/remove',
    operationId: 'unsubscribePush',
    summary: "Forget this device's Web Push subscription",
    tag: 'alerts',
    access: 'account',
    request: { body: pushSubscriptionRequest.pick({ endpoint: true }) },
    ok: { 204: { description: 'Removed' } },
    errors: { 400: 'No endpoint given', 403: 'A role that gets no alerts' },
  });
}
