// predict.*: a run's best model on new images, for the Predict view.
import type { ApiHandlers, ServiceContext } from './types';
import { resolveUserPath } from './user-path';

export function predictHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'predict.images'> {
  return {
    async 'predict.images'({ runId, paths, top, cam, camMethod }) {
      const inputs = paths.map((p, i) => resolveUserPath(p, `paths.${i}`));
      await ctx.store().readRecord(runId);
      return ctx.predictions.predict(runId, ctx.store().runDir(runId), inputs, { top: top ?? 5, cam: cam ?? true, camMethod });
    },
  };
}
