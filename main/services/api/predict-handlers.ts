// predict.*: a run's best model on new images, for the Predict view.
import { promises as fs } from 'node:fs';
import { AppFailure } from '../../../shared/result';
import { checkpointPaths, hasCheckpoint } from '../../trainer/checkpoint/checkpoint';
import type { ApiHandlers, ServiceContext } from './types';
import { resolveUserPath } from './user-path';

export function predictHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'predict.images'> {
  return {
    async 'predict.images'({ runId, paths, top, cam, camMethod }) {
      const inputs = paths.map((p, i) => resolveUserPath(p, `paths.${i}`));
      // The cheap checks first, so a mistake is answered at once instead of after a model load.
      await ctx.store().readRecord(runId);
      const runDir = ctx.store().runDir(runId);
      if (!hasCheckpoint(checkpointPaths(runDir).best)) throw new AppFailure('not-found', `run ${runId} has no best model yet: it has not finished an epoch`);
      for (const input of inputs) {
        if (!(await fs.stat(input).catch(() => null))) throw new AppFailure('not-found', `no such file or folder: ${input}`);
      }
      return ctx.predictions.predict(runId, runDir, inputs, { top: top ?? 5, cam: cam ?? true, camMethod });
    },
  };
}
