import { defineConfig } from 'vite';
import type { PluginOption } from 'vite';
import react from '@vitejs/plugin-react';

/*
 * @vitejs/plugin-react is hoisted to the root, where npm resolved vite 8 (for vitest), so its
 * Plugin type names rolldown fields that this workspace's vite 7 types do not have. The
 * runtime object is the same; only the declared type differs.
 */
const reactPlugin = react() as unknown as PluginOption;

/** The API server in development; the built console is served by that same server. */
const apiTarget = process.env.ZC_API_URL ?? 'http://localhost:8080';

const proxy = {
  '/api': { target: apiTarget, changeOrigin: false, ws: true },
  '/healthz': { target: apiTarget },
  '/ngsi-ld': { target: apiTarget },
};

export default defineConfig({
  plugins: [reactPlugin],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // maplibre-gl alone is ~1 MB minified and lives in the overview chunk only.
    chunkSizeWarningLimit: 1200,
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
});
