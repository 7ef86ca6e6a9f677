// Builds the renderer on its own (browser mode and tests): `npm run build:renderer` writes out/renderer,
// which `mge serve` serves and Electron loads from file:// — hence the relative base.
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    // Chart.js alone is ~200 kB; one chunk is fine for a local app that never downloads it.
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's sources carry /* @__PURE__ */ comments in places Rollup ignores: harmless noise.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules/zod')) return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1' },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['tests/unit/renderer/**/*.test.ts'],
    environment: 'happy-dom',
    pool: 'threads',
    maxWorkers: 2,
  },
});
