// How the desktop app starts its TensorFlow.js children (the trainer, and the prediction child of the
// Predict view): the Electron binary itself as Node (ELECTRON_RUN_AS_NODE), running the bundles built next
// to the main bundle (out/main/trainer-process.js, out/main/predict-child.js); in development without
// those bundles, the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface TrainerRuntime {
  trainerEntry: string;
  predictEntry: string;
  trainerEnv: NodeJS.ProcessEnv;
}

export function trainerRuntime(mainBundleDir: string, appRoot: string, packaged: boolean): TrainerRuntime {
  const pick = (bundle: string, source: string[]) => {
    const built = path.join(mainBundleDir, bundle);
    if (existsSync(built)) return built;
    if (packaged) throw new Error(`${bundle} is missing from the app (${built}); the build must include ${source.join('/')} as an entry of the main process`);
    return path.join(appRoot, ...source);
  };
  return {
    trainerEntry: pick('trainer-process.js', ['main', 'trainer', 'process', 'trainer-process.ts']),
    predictEntry: pick('predict-child.js', ['main', 'services', 'api', 'predict-child.ts']),
    trainerEnv: { ELECTRON_RUN_AS_NODE: '1' },
  };
}
