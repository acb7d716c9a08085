/// <reference types="vitest/config" />
/// <reference types="node" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const outDir = fileURLToPath(new URL('../src/twofold/web', import.meta.url));
// `npm run dev` talks to a local `twofold serve`; override with TWOFOLD_API=http://host:port.
const apiTarget = process.env.TWOFOLD_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  base: '/',
  plugins: [svelte({ emitCss: true })],
  build: {
    outDir,
    emptyOutDir: true,
    // Keep every asset a separate file: the CSP (img-src 'self' data:) is fine with data: images,
    // but nothing else may be inlined into index.html.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    // Which chunks each page loads, for `python -m bench bundle` (bench/bundle.py).
    manifest: true,
    target: 'es2022',
    rollupOptions: {
      output: {
        // Every page downloads the table of which chunks each page needs, by file name. Pages
        // keep their names (people reading the network panel, and the tests, look for them);
        // the parts they share are named by their hash alone, which keeps that table short.
        chunkFileNames: (chunk) => (/Page$/.test(chunk.name) ? 'assets/[name]-[hash].js' : 'assets/[hash].js'),
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false, ws: true } },
  },
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    environment: 'node',
  },
});
