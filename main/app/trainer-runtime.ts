// How the desktop app starts trainer children: the Electron binary itself as Node
// (ELECTRON_RUN_AS_NODE), running the trainer bundle built next to the main bundle (out/main/trainer.js);
// in development without that bundle, the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface TrainerRuntime {
  trainerEntry: string;
  trainerEnv: NodeJS.ProcessEnv;
}

export function trainerRuntime(mainBundleDir: string, appRoot: string, packaged: boolean): TrainerRuntime {
  const built = path.join(mainBundleDir, 'trainer.js');
  const source = path.join(appRoot, 'main', 'trainer', 'process', 'trainer-process.ts');
  if (!existsSync(built) && packaged) throw new Error(`the trainer bundle is missing from the app (${built}); the build must include main/trainer/process/trainer-process.ts as "trainer"`);
  return { trainerEntry: existsSync(built) ? built : source, trainerEnv: { ELECTRON_RUN_AS_NODE: '1' } };
}
