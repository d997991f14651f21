import { execFileSync } from 'node:child_process';

/**
 * The machine's busiest processes (CPU %, command), recorded beside a bench's figures: on a shared
 * machine a number means little without what else was running.
 */
export function busiest(): string[] {
  try {
    const out = execFileSync('ps', ['-eo', 'pcpu,comm', '--sort=-pcpu'], { encoding: 'utf8' });
    return out
      .trim()
      .split('\n')
      .slice(1, 9)
      .map((l) => l.trim().replace(/\s+/, ' '));
  } catch {
    return [];
  }
}
