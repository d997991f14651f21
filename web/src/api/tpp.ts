import type { TppLineResponse, TppMonthResponse } from '@pkk/core';
import { request } from './http.ts';

/** The TPP endpoints (server/src/routes/tpp.ts). */
export const tppApi = {
  month: (month: string) => request<TppMonthResponse>('GET', `/api/v1/tpp/${month}`),
  line: (month: string, nip: string) => request<TppLineResponse>('GET', `/api/v1/tpp/${month}/lines/${nip}`),
  run: (month: string) => request<unknown>('POST', `/api/v1/tpp/${month}/run`),
  lock: (month: string) => request<unknown>('POST', `/api/v1/tpp/${month}/lock`),
  publish: (month: string) => request<unknown>('POST', `/api/v1/tpp/${month}/publish`),
  correct: (month: string, reason: string) =>
    request<unknown>('POST', `/api/v1/tpp/${month}/corrections`, { reason }),
};
