import {
  apiTokenCreated,
  apiTokensResponse,
  apiTokenView,
  createTokenRequest,
  createUserRequest,
  updateUserRequest,
  userCreated,
  userUpdated,
  usersResponse,
} from '@pkk/core';
import { type AddOperation, id } from '../openapi/operation.ts';

/** The users and tokens operations of the REST API. */
export function usersTokensOperations(add: AddOperation): void {
  add({
    method: 'get',
    path: '/api/v1/users',
    operationId: 'listUsers',
    summary: 'Accounts (admins)',
    tag: 'users',
    access: 'account',
    ok: { 200: { description: 'Every account, passwords never included', schema: usersResponse } },
  });
  add({
    method: 'post',
    path: '/api/v1/users',
    operationId: 'createUser',
    summary: 'Create an account (admins)',
    tag: 'users',
    access: 'account',
    request: { body: createUserRequest },
    ok: { 201: { description: 'Created', schema: userCreated } },
    errors: { 400: "Invalid account, or the role's area is missing or unknown", 409: 'Username taken' },
  });
  add({
    method: 'patch',
    path: '/api/v1/users/{id}',
    operationId: 'updateUser',
    summary: 'Change an account (admins)',
    description:
      "A change of role, area, password or status ends the account's sessions and closes its live connections on every node.",
    tag: 'users',
    access: 'account',
    request: { params: id, body: updateUserRequest },
    ok: { 200: { description: 'Changed, with the number of sessions ended', schema: userUpdated } },
    errors: { 400: 'Invalid change, or the area does not fit the role', 404: 'Unknown user' },
  });

  add({
    method: 'get',
    path: '/api/v1/tokens',
    operationId: 'listTokens',
    summary: 'Machine tokens (admins)',
    tag: 'tokens',
    access: 'account',
    ok: { 200: { description: 'Tokens, never the secrets', schema: apiTokensResponse } },
  });
  add({
    method: 'post',
    path: '/api/v1/tokens',
    operationId: 'createToken',
    summary: 'Create a machine token (admins)',
    tag: 'tokens',
    access: 'account',
    request: { body: createTokenRequest },
    ok: { 201: { description: 'Created; the token is in this reply only', schema: apiTokenCreated } },
    errors: {
      400: "Invalid token, or the role's area is missing or unknown",
      409: 'A token with this name exists',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/tokens/{id}/revoke',
    operationId: 'revokeToken',
    summary: 'Revoke a machine token (admins)',
    tag: 'tokens',
    access: 'account',
    request: { params: id },
    ok: {
      200: {
        description: 'Revoked (again, if it was); live connections using it are closed',
        schema: apiTokenView,
      },
    },
    errors: { 404: 'Unknown token' },
  });
}
