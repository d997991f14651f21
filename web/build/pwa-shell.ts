import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** Placeholder in the service worker source that the build replaces with the shell's file list. */
const PLACEHOLDER = /([`"'])__PKK_PRECACHE__\1/;

/**
 * Builds the service worker next to the app and gives it the list of files of this build to cache
 * (hashed names, so a new build means a new list, a new worker and a fresh cache). A few lines
 * instead of a Workbox toolchain: the shell is small and the strategy is simple (see src/sw/sw.ts).
 */
export function pwaShell(opts: { swEntry: string }): Plugin {
  let outDir = 'dist';
  return {
    name: 'pkk-pwa-shell',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: path.resolve(opts.swEntry), fileName: 'sw.js' });
    },
    writeBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => f !== 'sw.js' && !f.startsWith('.vite/') && !f.endsWith('.map'))
        .map((f) => (f === 'index.html' ? '/' : `/${f}`))
        .sort();
      const version = createHash('sha256')
        .update(files.join('\n'))
        .update(readFileSync(path.join(outDir, 'index.html')))
        .digest('hex')
        .slice(0, 12);
      const swPath = path.join(outDir, 'sw.js');
      const code = readFileSync(swPath, 'utf8');
      if (!PLACEHOLDER.test(code))
        throw new Error('pkk-pwa-shell: the precache placeholder is missing from sw.js');
      // A string literal holding the JSON, which the worker parses.
      writeFileSync(
        swPath,
        code.replace(PLACEHOLDER, () => JSON.stringify(JSON.stringify({ version, files }))),
      );
    },
  };
}
