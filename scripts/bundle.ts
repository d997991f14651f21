/**
 * The roles of `npm start` as one JavaScript file each (esbuild), built once at start into
 * var/build/, so that a role restarted after a crash does not load a few hundred TypeScript files
 * through tsx's loader hooks again. Measured on the 2-core machine: importing the api through tsx took
 * 4.1 CPU-s (every module, node_modules included, passes through the hooks' worker thread), the
 * bundle 1.3 CPU-s; on a machine shared with other work that was 20-40 s of wall time before /readyz.
 *
 * Only the project's own code (the @pkk/* workspaces) goes into a bundle; every package stays an
 * import of the file Node would have loaded (resolved here to its absolute path, since a workspace
 * may hold its own copy of a package in its node_modules). `import.meta.url` and `import.meta.dirname`
 * keep naming the source file, so paths computed from them (the repository root, scenario files, a
 * child process's entry) are what they are under tsx.
 */
import { isBuiltin } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import type { Plugin } from 'esbuild';
import type { RoleDef } from './roles.ts';

/** How a role's process is started: its arguments to node. */
export interface RoleCommand {
  args: string[];
  /** The bundle it runs, or null when it runs its TypeScript entry through tsx. */
  bundle: string | null;
}

/** The tsx way, the fallback and what a deployment's `scripts/role.ts` does. */
export const tsxCommand = (r: RoleDef): RoleCommand => ({ args: ['--import', 'tsx', r.entry], bundle: null });

const SKIP = Symbol('pkk-bundle-resolving');

/** Packages and Node built-ins stay outside the bundle; workspaces (`@pkk/…`) and relative files go in. */
export const externalPackages: Plugin = {
  name: 'pkk-external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@pkk/') || (args.pluginData as { [SKIP]?: boolean } | undefined)?.[SKIP])
        return undefined;
      if (isBuiltin(args.path)) return { path: args.path, external: true };
      const found = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { [SKIP]: true },
      });
      // Not resolvable here (an optional peer): left to Node, which fails the same way tsx would.
      if (found.errors.length || !found.path) return { path: args.path, external: true };
      return { path: pathToFileURL(found.path).href, external: true };
    });
  },
};

/** `import.meta.url`/`dirname` of each source file, as literals: they name the file, not the bundle. */
export const sourceImportMeta: Plugin = {
  name: 'pkk-source-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      if (contents.includes('import.meta'))
        contents = contents
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)));
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Builds every role's bundle into `outDir` (one esbuild run) and returns how to start each; a role
 * whose build fails runs through tsx as before, with the reason given to `say`.
 */
export async function bundleRoles(
  roles: readonly RoleDef[],
  opts: { repoRoot: string; outDir: string; say: (msg: string) => void },
): Promise<Map<RoleDef['name'], RoleCommand>> {
  const out = new Map<RoleDef['name'], RoleCommand>();
  for (const r of roles) out.set(r.name, tsxCommand(r));
  let esbuild: typeof Esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    opts.say('esbuild is not installed: the roles run through tsx (slower restarts)');
    return out;
  }
  try {
    await esbuild.build({
      absWorkingDir: opts.repoRoot,
      entryPoints: Object.fromEntries(roles.map((r) => [r.name, path.join(opts.repoRoot, r.entry)])),
      outdir: opts.outDir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      sourcemap: 'linked',
      logLevel: 'silent',
      plugins: [externalPackages, sourceImportMeta],
    });
  } catch (err) {
    opts.say(`the roles run through tsx: bundling failed (${(err as Error).message.split('\n')[0]})`);
    return out;
  }
  for (const r of roles) {
    const bundle = path.join(opts.outDir, `${r.name}.mjs`);
    // Not --enable-source-maps: it makes every Error.stack read map the frames through the bundle's
    // map (libraries read stacks on hot paths). The bundle is not minified, its functions keep their
    // names and each module starts with a comment naming its file; the map is there for
    // NODE_OPTIONS=--enable-source-maps when debugging.
    out.set(r.name, { args: [bundle], bundle });
  }
  return out;
}
