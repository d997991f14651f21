import type { Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '@pkk/platform/infra/logger';
import { ApiError, errorHandler, idParam } from './errors.ts';

const log = createLogger('silent');

function reply(err: unknown, headersSent = false) {
  const sent: { status?: number; body?: unknown } = {};
  const destroy = vi.fn();
  const res = {
    headersSent,
    status(s: number) {
      sent.status = s;
      return this;
    },
    json(b: unknown) {
      sent.body = b;
      return this;
    },
    setHeader: vi.fn(),
  } as unknown as Response;
  const req = { method: 'POST', originalUrl: '/api/v1/x', socket: { destroy } } as unknown as Request;
  errorHandler(log)(err, req, res, () => undefined);
  return { ...sent, destroy };
}

describe('idParam', () => {
  it('takes a positive integer a bigint column and JavaScript both hold exactly', () => {
    expect(idParam('42')).toBe(42);
    expect(idParam(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses what PostgreSQL or JavaScript would get wrong, naming the field', () => {
    for (const raw of ['0', '-1', '1.5', '1e3', '999999999999999999999999', '9007199254740993', 'abc', ''])
      expect(() => idParam(raw), raw).toThrow(ApiError);
    try {
      idParam('999999999999999999999999');
    } catch (e) {
      expect(e).toMatchObject({ status: 400, details: [{ field: 'id' }] });
    }
  });
});

describe('errorHandler', () => {
  it('answers a value PostgreSQL refused (SQLSTATE class 22) as the request at fault', () => {
    const pgError = Object.assign(new Error('value "1e24" is out of range for type bigint'), {
      code: '22003',
      severity: 'ERROR',
    });
    expect(reply(pgError)).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
  });

  it('answers anything unexpected with 500 in the envelope, saying nothing of the internals', () => {
    const r = reply(new TypeError('secret internals'));
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
  });

  it('closes the connection when part of the reply is already sent, and never writes again', () => {
    const r = reply(new Error('late'), true);
    expect(r.status).toBeUndefined();
    expect(r.destroy).toHaveBeenCalled();
  });
});
