import type { RouteNode } from './config.ts';
import { formatMatcher, matchAll } from './matchers.ts';

/** A route as an alert meets it: every setting resolved from its ancestors, Alertmanager's defaults at the root. */
export interface ResolvedRoute {
  /** The path of child indexes from the root: the route's identity in group keys. */
  id: string;
  receiver: string;
  groupBy: string[];
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  /** Matchers of the route and its ancestors, as Alertmanager prints them in a group key. */
  matcherText: string;
}

const DEFAULTS = { groupWaitMs: 30_000, groupIntervalMs: 5 * 60_000, repeatIntervalMs: 4 * 3_600_000 };

/**
 * The routes an alert goes to, as Alertmanager walks the tree: a node matches when its matchers do;
 * its children are tried in order, the first that matches is taken (and the next ones too while
 * they say `continue`); a node none of whose children match is itself the destination.
 */
export function routesFor(root: RouteNode, labels: Readonly<Record<string, string>>): ResolvedRoute[] {
  const out: ResolvedRoute[] = [];
  const visit = (n: RouteNode, parent: ResolvedRoute, id: string): boolean => {
    if (!matchAll(n.matchers, labels)) return false;
    const here: ResolvedRoute = {
      id,
      receiver: n.receiver ?? parent.receiver,
      groupBy: n.group_by ?? parent.groupBy,
      groupWaitMs: n.group_wait ?? parent.groupWaitMs,
      groupIntervalMs: n.group_interval ?? parent.groupIntervalMs,
      repeatIntervalMs: n.repeat_interval ?? parent.repeatIntervalMs,
      matcherText: `${parent.matcherText}${n.matchers.length ? `{${n.matchers.map(formatMatcher).join(',')}}` : '{}'}`,
    };
    let matched = false;
    for (let i = 0; i < n.routes.length; i++) {
      if (visit(n.routes[i]!, here, `${id}.${i}`)) {
        matched = true;
        if (!n.routes[i]!.continue) break;
      }
    }
    if (!matched) out.push(here);
    return true;
  };
  visit(root, { id: '', receiver: root.receiver ?? '', groupBy: [], ...DEFAULTS, matcherText: '' }, '0');
  return out;
}

/** The labels an alert is grouped by on a route (`...` groups by all of them, as in Alertmanager). */
export function groupLabels(
  route: ResolvedRoute,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  if (route.groupBy.includes('...')) return { ...labels };
  const out: Record<string, string> = {};
  for (const name of route.groupBy) if (labels[name] !== undefined) out[name] = labels[name];
  return out;
}

/** Alertmanager's group key: the route's matchers, then the group labels, e.g. `{}/{severity="critical"}:{kelurahan="…"}`. */
export function groupKey(route: ResolvedRoute, labels: Readonly<Record<string, string>>): string {
  const g = groupLabels(route, labels);
  const inner = Object.keys(g)
    .sort()
    .map((k) => `${k}=${JSON.stringify(g[k])}`)
    .join(', ');
  const path = route.matcherText.replace(/\}\{/g, '}/{');
  return `${path}:{${inner}}`;
}
