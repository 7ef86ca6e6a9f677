// `mge predict`: classify new images with a run's best model (or an exported model folder), printing the
// top-k classes per image, and write class-activation-map overlays with --cam.
import path from 'node:path';
import { BACKEND_NAMES, type BackendName } from '../../../shared/config';
import { CAM_LAYERS, CAM_METHODS, IMAGE_FORMATS, isPredictionError, type CamLayer, type CamMethodName, type ImageFormat, type ImagePrediction } from '../../../shared/gallery';
import { AppFailure } from '../../../shared/result';
import { RunStore } from '../../services/runs';
import { BackendUnavailableError, selectBackend } from '../../trainer/backend';
import { listImages, loadExportedPredictor, loadRunPredictor, type Predictor } from '../../trainer/predict';
import { UsageError, type ParsedArgs } from '../args';
import { jsonOption, printJson, resolveRunsDir, runsDirOption, type CliIo, type CommandSpec } from '../command';
import { percent } from '../format';

export const backendOption = { name: 'backend', type: 'string', choices: BACKEND_NAMES, description: 'Compute backend (default auto)' } as const;

export const predictCommand: CommandSpec = {
  path: ['predict'],
  summary: "Classify new images with a run's best model (or an exported model); --cam writes the activation maps",
  positionals: [{ name: 'images', description: 'Image files or folders (searched recursively)', required: true, variadic: true }],
  options: [
    { name: 'run', type: 'string', valueName: 'RUN_ID', description: 'Run whose best model predicts' },
    { name: 'model', type: 'string', valueName: 'DIR', description: 'An exported model folder (mge export) instead of --run' },
    { name: 'top', type: 'integer', valueName: 'K', description: 'Classes listed per image (default 5)' },
    { name: 'cam', type: 'string', valueName: 'DIR', description: 'Write class-activation-map overlays into DIR' },
    { name: 'cam-method', type: 'string', choices: CAM_METHODS, description: 'Map method for --cam (default gradcam)' },
    { name: 'cam-layer', type: 'string', choices: CAM_LAYERS, description: 'Target layer for --cam (default conv5, the last conv stage)' },
    { name: 'opacity', type: 'number', valueName: 'A', description: 'Heat-map share of the overlays, 0..1 (default 0.5)' },
    { name: 'format', type: 'string', choices: IMAGE_FORMATS, description: 'Overlay file format (default png)' },
    backendOption,
    runsDirOption,
    jsonOption,
  ],
  async run(args, io) {
    const top = (args.options.top as number | undefined) ?? 5;
    if (top < 1) throw new UsageError('--top must be at least 1');
    const opacity = args.options.opacity as number | undefined;
    if (opacity !== undefined && !(opacity >= 0 && opacity <= 1)) throw new UsageError('--opacity must be between 0 and 1');
    const camDir = args.options.cam as string | undefined;
    const camOnly = ['cam-method', 'cam-layer', 'opacity', 'format'].filter((o) => args.options[o] !== undefined);
    if (!camDir && camOnly.length > 0) throw new UsageError(`${camOnly.map((o) => `--${o}`).join(', ')} only apply with --cam DIR`);
    if (args.options['cam-method'] === 'cam' && args.options['cam-layer'] === 'conv4') throw new UsageError('--cam-method cam (closed form) needs --cam-layer conv5');

    const images = await listImages(args.positionals, io.cwd);
    await useBackend(args);
    const predictor = await loadPredictor(args, io);
    try {
      const results = await predictor.predict(images, {
        top,
        cam: camDir
          ? {
              dir: path.resolve(io.cwd, camDir),
              method: args.options['cam-method'] as CamMethodName | undefined,
              layer: args.options['cam-layer'] as CamLayer | undefined,
              opacity,
              format: args.options.format as ImageFormat | undefined,
            }
          : undefined,
      });
      const failed = results.filter(isPredictionError);
      if (args.options.json) {
        printJson(io, { model: { ...predictor.source, classes: predictor.classes.length }, predictions: results });
      } else {
        for (const result of results) {
          if (isPredictionError(result)) io.err(`${result.path}: cannot read the image: ${result.error}\n`);
          else io.out(describe(result, io.cwd));
        }
      }
      if (failed.length > 0 && !args.options.json) io.err(`${failed.length} of ${results.length} images could not be read\n`);
      return failed.length > 0 ? 1 : 0;
    } finally {
      predictor.dispose();
    }
  },
};

export async function useBackend(args: ParsedArgs): Promise<void> {
  try {
    await selectBackend(((args.options.backend as BackendName | undefined) ?? 'auto'));
  } catch (error) {
    if (error instanceof BackendUnavailableError) throw new AppFailure('backend-unavailable', error.message);
    throw error;
  }
}

/** A run's best model (--run) or an exported folder (--model): exactly one. */
async function loadPredictor(args: ParsedArgs, io: CliIo): Promise<Predictor> {
  const runId = args.options.run as string | undefined;
  const modelDir = args.options.model as string | undefined;
  if (runId && modelDir) throw new UsageError('give either --run or --model, not both');
  if (modelDir) return loadExportedPredictor(path.resolve(io.cwd, modelDir));
  if (!runId) throw new UsageError('missing --run RUN_ID (or --model DIR for an exported model)');
  const store = new RunStore(resolveRunsDir(args, io));
  await store.readRecord(runId); // clear not-found / damaged messages
  return loadRunPredictor(store.runDir(runId));
}

function describe(result: ImagePrediction, cwd: string): string {
  const lines = [path.relative(cwd, result.path) || result.path];
  const width = Math.max(...result.top.map((c) => percent(c.probability).length));
  for (const c of result.top) lines.push(`  ${percent(c.probability).padStart(width)}  ${c.name}`);
  if (result.gateWeights) lines.push(`  gate: ${result.gateWeights.map((w, t) => `${result.views[t]?.name ?? t} ${percent(w)}`).join(', ')}`);
  if (result.camFiles) {
    const files = [...new Set([result.camFiles.model, ...Object.values(result.camFiles.views)])];
    lines.push(`  maps: ${files.map((f) => path.relative(cwd, f) || f).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
