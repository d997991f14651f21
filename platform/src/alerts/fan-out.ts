import type { Transaction } from 'kysely';
import type { Finding, Receiver } from '@pkk/core';
import type { Context } from '../context.ts';
import type { Database } from '../db/schema.ts';

/** One alert of a group's flush: the finding, the labels it is routed by, and what is told of it. */
export interface GroupAlert {
  finding: Finding;
  labels: Record<string, string>;
  status: 'firing' | 'resolved';
}

/** What a flush hands each delivery channel, under the group's lock. */
export interface FanOut {
  /** The flush's transaction: what a channel reads (push subscriptions) commits with the flush. */
  db: Transaction<Database>;
  receiver: Receiver;
  group: { id: number; groupKey: string; groupLabels: Record<string, string> };
  /** Firing and resolved, most serious first. */
  alerts: GroupAlert[];
  /** Alertmanager's notification_reason: first notification, alerts changed, repeat. */
  reason: string;
  externalURL: string;
  /** A kelurahan's name by its code (the code when unknown). */
  nameOf(code: string): string;
  /** The offices' zone, for times in words (WIB). */
  zone: string;
}

/**
 * The part of a delivery channel a flush calls (workers/src/delivery: one file per channel, one
 * registry): the notifications it makes of a group's news, one per target, each with its payload.
 */
export interface ChannelFanOut<Name extends string = string, Payload = unknown> {
  name: Name;
  fanOut(x: FanOut): Promise<{ target: string; payload: Payload }[]>;
}

export function externalUrl(ctx: Context): string {
  return ctx.env.PUBLIC_URL ?? `http://${ctx.env.HOST}:${ctx.env.PORT}`;
}

/** A finding's own page in the app: where a notification's tap or link leads. */
export function findingPath(id: number): string {
  return `/findings/${id}`;
}

const names = new WeakMap<Context['policy'], Map<string, string>>();
/** Kelurahan names by code, read once per policy. */
export function kelurahanNames(ctx: Context): (code: string) => string {
  let map = names.get(ctx.policy);
  if (!map) {
    map = new Map(ctx.policy.kelurahan.map((k) => [k.code, k.name]));
    names.set(ctx.policy, map);
  }
  return (code) => map.get(code) ?? code;
}
