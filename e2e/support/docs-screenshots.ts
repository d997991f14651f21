/**
 * Copies the screenshots of the last browser-test run (e2e/screenshots/, gitignored) that the README
 * shows into docs/screenshots/:   node --import tsx e2e/support/docs-screenshots.ts
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@pkk/platform/config/paths';

export const DOCS_SCREENSHOTS: Record<string, string> = {
  'wall-1080p.png': 'wall-wall-after-push.png',
  'wall-4k.png': 'wall4k-wall-kiosk.png',
  'wall-disconnected.png': 'wall-wall-disconnected.png',
  'wall-camat.png': 'desktop-wall-camat.png',
  'wall-simulated.png': 'wall-wall-simulated.png',
  'phone-home.png': 'mobile-home.png',
  'phone-search.png': 'mobile-home-search.png',
  'phone-kelurahan.png': 'mobile-kelurahan.png',
  'phone-login.png': 'mobile-login.png',
  'desk-home.png': 'desktop-home.png',
  'desk-kelurahan.png': 'desktop-kelurahan.png',
};

const from = path.join(repoRoot, 'e2e', 'screenshots');
const to = path.join(repoRoot, 'docs', 'screenshots');
mkdirSync(to, { recursive: true });
for (const [name, source] of Object.entries(DOCS_SCREENSHOTS)) {
  const src = path.join(from, source);
  if (!existsSync(src))
    throw new Error(`missing ${path.relative(repoRoot, src)}: run the browser tests first`);
  copyFileSync(src, path.join(to, name));
}
process.stdout.write(
  `copied ${Object.keys(DOCS_SCREENSHOTS).length} screenshots to ${path.relative(repoRoot, to)}\n`,
);
