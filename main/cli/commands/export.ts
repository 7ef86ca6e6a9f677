// `mge export`: a run's best model as a self-contained folder (model.json + weights.bin + preprocessing.json)
// that `mge predict --model DIR` and any program with MGE Studio's model code can load.
import path from 'node:path';
import { RunStore } from '../../services/runs';
import { exportModel, loadRunPredictor } from '../../trainer/predict';
import { UsageError } from '../args';
import { jsonOption, printJson, resolveRunsDir, runsDirOption, type CommandSpec } from '../command';
import { useBackend } from './predict';

export const exportCommand: CommandSpec = {
  path: ['export'],
  summary: "Export a run's best model: model.json + weights.bin (TensorFlow.js weights) + preprocessing.json",
  positionals: [],
  options: [
    { name: 'run', type: 'string', valueName: 'RUN_ID', description: 'Run whose best model is exported' },
    { name: 'out', type: 'string', valueName: 'DIR', description: 'Folder to write (new or empty)' },
    { name: 'force', type: 'boolean', description: 'Replace an earlier export in DIR' },
    runsDirOption,
    jsonOption,
  ],
  async run(args, io) {
    const runId = args.options.run as string | undefined;
    const out = args.options.out as string | undefined;
    if (!runId) throw new UsageError('missing --run RUN_ID');
    if (!out) throw new UsageError('missing --out DIR');
    const store = new RunStore(resolveRunsDir(args, io));
    const record = await store.readRecord(runId);
    // Export only moves weights: the plain cpu backend starts fastest and computes nothing.
    await useBackend({ ...args, options: { ...args.options, backend: 'cpu' } });
    const predictor = await loadRunPredictor(store.runDir(runId));
    try {
      const result = await exportModel(predictor, path.resolve(io.cwd, out), {
        overwrite: Boolean(args.options.force),
        metadata: { runId: record.id, runName: record.name },
      });
      if (args.options.json) {
        printJson(io, { ...result, runId: record.id, epoch: predictor.source.epoch });
      } else {
        io.out(`Exported the best model of run ${record.id} (epoch ${predictor.source.epoch ?? '?'}, ${result.tensors} tensors, ${(result.weightBytes / 1024 / 1024).toFixed(1)} MiB) to ${result.dir}\n`);
        io.out(`Files: ${result.files.join(', ')}. Predict with: mge predict --model ${path.relative(io.cwd, result.dir) || result.dir} IMAGE\n`);
      }
      return 0;
    } finally {
      predictor.dispose();
    }
  },
};
