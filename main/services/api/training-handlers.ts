// training.*: start, resume and re-run runs in trainer child processes, and control the active ones.
import type { RunConfigInput } from '../../../shared/config';
import { AppFailure } from '../../../shared/result';
import type { ApiHandlers, ServiceContext } from './types';
import { resolveUserPath } from './user-path';

type TrainingMethods = 'training.start' | 'training.resume' | 'training.rerun' | 'training.pause' | 'training.continue' | 'training.stop' | 'training.active';

export function trainingHandlers(ctx: ServiceContext): Pick<ApiHandlers, TrainingMethods> {
  const activeRun = (id: string, action: string) => {
    const run = ctx.active.get(id);
    if (!run) throw new AppFailure('not-found', `run ${id} is not training in this ${ctx.mode === 'desktop' ? 'app' : 'server'}, so it cannot ${action}`);
    if (run.state === 'stopping') throw new AppFailure('conflict', `run ${id} is stopping; it cannot ${action}`);
    return run;
  };

  return {
    async 'training.start'({ config, name, preset }) {
      const input = { ...config } as Partial<RunConfigInput> & { dataset: string };
      if (typeof input.dataset === 'string' && input.dataset !== 'synthetic') input.dataset = resolveUserPath(input.dataset, 'dataset');
      const handle = await ctx.host().start(input, { name, preset });
      ctx.active.track(handle);
      return { id: handle.runId };
    },

    async 'training.resume'({ id }) {
      if (ctx.active.has(id)) throw new AppFailure('conflict', `run ${id} is already training`);
      const handle = await ctx.host().resume(id);
      ctx.active.track(handle);
      return { id };
    },

    async 'training.rerun'({ id, name }) {
      const source = await ctx.store().readRecord(id);
      // The saved config is complete and already validated; starting from it reproduces the run.
      const handle = await ctx.host().start(source.config as unknown as Partial<RunConfigInput> & { dataset: string }, { name: name ?? `${source.name} (re-run)`, parentRunId: id });
      ctx.active.track(handle);
      return { id: handle.runId };
    },

    async 'training.pause'({ id }) {
      activeRun(id, 'pause').handle.pause();
      return { id };
    },

    async 'training.continue'({ id }) {
      activeRun(id, 'continue').handle.resume();
      return { id };
    },

    async 'training.stop'({ id }) {
      if (ctx.active.has(id)) {
        ctx.active.stop(id);
        return { id };
      }
      // Not trained here. A run still marked running has lost its trainer (the app or server was closed
      // while it trained): record that, so it can be resumed from its last checkpoint or deleted.
      const record = await ctx.store().readRecord(id);
      if (record.status !== 'running' && record.status !== 'queued') throw new AppFailure('conflict', `run ${id} is not training (it is ${record.status})`);
      const reason = 'interrupted: no trainer of this app was running it any more (the app or server was closed while it trained)';
      await ctx.store().setStatus(id, record.checkpointEpoch ? 'stopped' : 'failed', { reason, lastLogLines: record.failure?.lastLogLines ?? [] });
      ctx.events.emit('runs.changed', { id });
      return { id };
    },

    async 'training.active'() {
      return ctx.active.list();
    },
  };
}
