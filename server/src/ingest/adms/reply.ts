import type { Response } from 'express';

/**
 * Terminals read plain text and judge success by the HTTP status alone: 200 lets them advance their
 * upload pointer, anything else makes them keep the data and retry after ErrorDelay. Express keeps
 * the `Date` header on every reply; terminals set their clock from it.
 */
export function sendText(res: Response, status: number, text: string): void {
  res
    .status(status)
    .set({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    .send(text);
}
