import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, ImpactValue, Result } from 'axe-core';

/** axe-core's browser build, injected as text (playwright-core has no axe integration of its own). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What fails the suite: violations a person using assistive technology is blocked or badly hindered by. */
export const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

export interface AxeFinding {
  id: string;
  impact: ImpactValue | null | undefined;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** Runs axe-core (WCAG 2.x A and AA, and best practices) on the page as it is now. */
export async function axeAudit(page: Page): Promise<AxeResults> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"')))
    await page.addScriptTag({ content: AXE_SOURCE });
  // Browser code as text: this program is typed for Node, not the DOM.
  return (await page.evaluate(`window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  })`)) as AxeResults;
}

/** The violations of a result in a form that reads well in a failed assertion. */
export function findings(violations: Result[]): AxeFinding[] {
  return violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({
      target: n.target.join(' '),
      summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300),
    })),
  }));
}
