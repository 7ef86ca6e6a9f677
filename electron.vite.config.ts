// The desktop app's build (`electron-vite build`): the main process (Electron shell + services, and the
// trainer child it forks), the preload, and the same renderer that `mge serve` serves.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: here('./out/main'),
      // Native and wasm packages (sharp, tfjs backends) stay in node_modules, loaded at run time. tfjs-core is
      // bundled: its gradients exist only in its ESM tree, whose extensionless imports plain Node cannot load
      // (the CommonJS build has none). Both copies share tfjs's global engine and kernel/gradient registries.
      externalizeDeps: { exclude: ['@tensorflow/tfjs-core'] },
      rollupOptions: {
        input: {
          index: here('./main/app/index.ts'),
          // The trainer runs as a child process (ELECTRON_RUN_AS_NODE), so it is an entry of its own.
          'trainer-process': here('./main/trainer/process/trainer-process.ts'),
          // The Predict view's model runs in a child process of its own, like the trainer.
          'predict-child': here('./main/services/api/predict-child.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      // A sandboxed preload cannot require node_modules: bundle everything (zod, shared/) into one file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { preload: here('./main/app/preload.ts') },
        // Sandboxed preloads are CommonJS; .cjs because the package is "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: here('./renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: here('./out/renderer'),
      rollupOptions: {
        input: here('./renderer/index.html'),
        onwarn(warning, warn) {
          if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules/zod')) return;
          warn(warning);
        },
      },
    },
  },
});
