// runs.*: the run history of the current runs folder.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { galleryIndexSchema } from '../../../shared/gallery';
import { AppFailure } from '../../../shared/result';
import { readJsonFile, RUN_FILES } from '../runs';
import type { ApiHandlers, ServiceContext } from './types';

type RunMethods = 'runs.list' | 'runs.get' | 'runs.rename' | 'runs.delete' | 'runs.gallery' | 'runs.openFolder';

export function runHandlers(ctx: ServiceContext): Pick<ApiHandlers, RunMethods> {
  return {
    async 'runs.list'() {
      return ctx.store().list();
    },

    async 'runs.get'({ id }) {
      return ctx.store().get(id);
    },

    async 'runs.rename'({ id, name }) {
      const record = await ctx.store().rename(id, name);
      ctx.events.emit('runs.changed', { id });
      return record;
    },

    async 'runs.delete'({ id }) {
      if (ctx.active.has(id)) throw new AppFailure('conflict', `run ${id} is training; stop it before deleting it`);
      await ctx.store().delete(id);
      ctx.events.emit('runs.changed', { id });
      return { id };
    },

    async 'runs.gallery'({ id }) {
      await ctx.store().readRecord(id);
      const file = path.join(ctx.store().runDir(id), RUN_FILES.gallery, 'index.json');
      let index: unknown;
      try {
        index = await readJsonFile(file);
      } catch (error) {
        if (error instanceof SyntaxError) throw new AppFailure('damaged', `run ${id}: gallery/index.json is not valid JSON (${error.message})`);
        throw new AppFailure('io-error', `run ${id}: cannot read gallery/index.json: ${(error as Error).message}`);
      }
      const runUrl = ctx.urls.runFolder(id);
      const base = { id, baseUrl: `${runUrl}${RUN_FILES.gallery}/`, runUrl };
      if (index === undefined) return { ...base, index: null };
      const parsed = galleryIndexSchema.safeParse(index);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppFailure('damaged', `run ${id}: gallery/index.json does not match the gallery format (${issue?.path.join('.') || 'root'}: ${issue?.message})`);
      }
      return { ...base, index: parsed.data };
    },

    async 'runs.openFolder'({ id }) {
      const folder = ctx.store().runDir(id);
      // A damaged run (no readable run.json) can still be opened: that is how a user repairs or removes it.
      const exists = await fs.stat(folder).then((s) => s.isDirectory(), () => false);
      if (!exists) throw new AppFailure('not-found', `no run "${id}" in ${ctx.store().runsDir}`);
      if (!ctx.platform.openFolder) return { path: folder, opened: false };
      await ctx.platform.openFolder(folder);
      return { path: folder, opened: true };
    },
  };
}
