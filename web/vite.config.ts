import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress.ts';
import { pwaShell } from './build/pwa-shell.ts';

const src = fileURLToPath(new URL('./src', import.meta.url));
/** The api the dev server forwards to (`npm start` listens on 8080). */
const apiTarget = process.env.PKK_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // precompress last: it compresses what the others wrote (the api serves .br/.gz by Accept-Encoding).
  plugins: [react(), pwaShell({ swEntry: 'src/sw/sw.ts' }), precompress()],
  // Keep in sync with `paths` in tsconfig.json.
  resolve: { alias: { '@': src } },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/socket.io': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
  preview: { port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The bench and the budget check read which chunks each route loads.
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 300,
    // Timing warnings only measure how busy the build machine is.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
