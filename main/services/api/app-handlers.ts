// app.* and settings.*: what the host is, and where runs are kept.
import { promises as fs } from 'node:fs';
import type { AppSettings } from '../../../shared/api';
import { AppFailure } from '../../../shared/result';
import type { BackendReport } from '../../../shared/trainer-protocol';
import type { ApiHandlers, ServiceContext } from './types';
import { resolveUserPath } from './user-path';

type AppMethods = 'app.info' | 'app.chooseFolder' | 'settings.get' | 'settings.set';

export function appHandlers(ctx: ServiceContext): Pick<ApiHandlers, AppMethods> {
  const settings = (): AppSettings => ({ runsDir: ctx.store().runsDir, defaultRunsDir: ctx.defaultRunsDir, persisted: ctx.settings.persisted });

  return {
    async 'app.info'() {
      return {
        version: ctx.appVersion,
        runsDir: ctx.store().runsDir,
        lastBackend: ctx.lastBackend() ?? (await backendOfNewestRun(ctx)),
        mode: ctx.mode,
        capabilities: {
          chooseFolder: Boolean(ctx.platform.chooseFolder),
          openFolder: Boolean(ctx.platform.openFolder),
          dropPaths: ctx.mode === 'desktop',
        },
        platform: `${process.platform}-${process.arch}`,
        node: process.version,
      };
    },

    async 'app.chooseFolder'({ title }) {
      if (!ctx.platform.chooseFolder) {
        throw new AppFailure('unsupported', 'this host has no folder dialog (browser mode): type the folder path on the server instead');
      }
      return { path: await ctx.platform.chooseFolder(title) };
    },

    async 'settings.get'() {
      return settings();
    },

    async 'settings.set'({ runsDir }) {
      if (runsDir !== undefined) {
        const dir = resolveUserPath(runsDir, 'runsDir');
        await ensureWritableFolder(dir);
        await ctx.settings.save({ ...(await ctx.settings.load()), runsDir: dir });
        ctx.setRunsDir(dir);
        ctx.events.emit('runs.changed', { id: null });
      }
      return settings();
    },
  };
}

async function ensureWritableFolder(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
    const info = await fs.stat(dir);
    if (!info.isDirectory()) throw new AppFailure('invalid-input', `runsDir: ${dir} is a file, not a folder`, [{ field: 'runsDir', message: 'not a folder' }]);
    await fs.access(dir, fs.constants.W_OK);
  } catch (error) {
    if (error instanceof AppFailure) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : (error as Error).message;
    throw new AppFailure('io-error', `cannot use ${dir} as the runs folder: ${why}`);
  }
}

/** Before any training in this process, the newest run that recorded its backend tells what was used. */
async function backendOfNewestRun(ctx: ServiceContext): Promise<BackendReport | null> {
  const runs = await ctx.store().list().catch(() => []);
  for (const entry of runs) {
    if (entry.damaged || !entry.record.versions.backend) continue;
    const v = entry.record.versions;
    return {
      name: v.backend as string,
      tfjsVersion: v.tfjs ?? 'unknown',
      device: v.device ?? 'unknown',
      gpu: v.backend === 'tensorflow' && !/\bcpu\b/i.test(v.device ?? ''),
      threads: v.threads ?? 0,
      notes: [`as recorded by run ${entry.id} (${entry.record.createdAt.slice(0, 10)})`],
    };
  }
  return null;
}
