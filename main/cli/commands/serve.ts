// `mge serve`: MGE Studio in a browser, for headless GPU servers (reach it through an SSH tunnel) and
// for testing the renderer. Serves the built renderer and the API on 127.0.0.1 with a per-start token;
// the first line on stdout is the URL to open. Ctrl-C stops running trainings with a checkpoint.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startBrowserHost, isLoopbackHost, rendererIsBuilt, DEFAULT_RENDERER_DIR } from '../../server';
import { createApiService } from '../../services/api';
import { APP_VERSION } from '../../services/version';
import { UsageError } from '../args';
import { resolveRunsDir, runsDirOption, type CliIo, type CommandSpec } from '../command';

const DEFAULT_PORT = 8765;
/** How long a trainer gets to save its checkpoint on shutdown before it is killed. */
const STOP_TIMEOUT_MS = 120_000;

export const serveCommand: CommandSpec = {
  path: ['serve'],
  summary: 'Serve the MGE Studio interface to a browser on this machine (127.0.0.1, with an access token)',
  positionals: [],
  options: [
    { name: 'port', type: 'integer', valueName: 'P', description: `Port (default ${DEFAULT_PORT}; 0 = any free port)` },
    { name: 'host', type: 'string', valueName: 'ADDR', description: 'Loopback address to listen on: 127.0.0.1 (default), localhost or ::1; never a public address' },
    runsDirOption,
    { name: 'renderer-dir', type: 'string', valueName: 'DIR', description: 'The built renderer (default: out/renderer of this package, or $MGE_RENDERER_DIR)' },
    { name: 'open', type: 'boolean', description: 'Open the URL in the default browser' },
  ],
  async run(args, io) {
    const port = (args.options.port as number | undefined) ?? DEFAULT_PORT;
    if (port < 0 || port > 65535) throw new UsageError(`--port must be between 0 and 65535, not ${port}`);
    const host = (args.options.host as string | undefined) ?? '127.0.0.1';
    if (!isLoopbackHost(host)) {
      throw new UsageError(
        `--host ${host} would expose the server beyond this machine; it listens on 127.0.0.1 only. ` +
          `To use it from another computer, tunnel the port over SSH: ssh -L ${port || DEFAULT_PORT}:127.0.0.1:${port || DEFAULT_PORT} user@this-server`,
      );
    }
    const rendererOption = (args.options['renderer-dir'] as string | undefined) ?? io.env.MGE_RENDERER_DIR;
    const rendererDir = rendererOption ? path.resolve(io.cwd, rendererOption) : DEFAULT_RENDERER_DIR;
    const runsDir = resolveRunsDir(args, io);

    const service = await createApiService({
      runsDir,
      cacheDir: resolveCacheDir(io),
      appVersion: APP_VERSION,
      mode: 'browser',
      onInternalError: (method, error) => io.err(`mge serve: unexpected error in ${method}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
    });
    const server = await startBrowserHost({ service, port, host, rendererDir });

    // The URL alone on the first stdout line, so scripts (and the end-to-end tests) can read it.
    io.out(`${server.url}\n`);
    io.err(`MGE Studio ${APP_VERSION} is serving runs from ${service.runsDir()}\n`);
    if (!(await rendererIsBuilt(rendererDir))) io.err(`warning: the interface is not built (${rendererDir} has no index.html): run npm run build:renderer\n`);
    io.err(`Open the URL above in a browser on this machine. From another computer: ssh -L ${server.port}:127.0.0.1:${server.port} user@this-server, then open the same URL there.\n`);
    io.err('Press Ctrl-C to stop (running trainings save a checkpoint first).\n');
    if (args.options.open) openInBrowser(server.url, io);

    await waitForShutdownSignal(io);
    const running = service.activeRunIds().length;
    if (running > 0) io.err(`Stopping ${running} training run(s) after their current batch and saving checkpoints…\n`);
    await service.shutdown(STOP_TIMEOUT_MS);
    await server.close();
    io.err('Stopped.\n');
    return 0;
  },
};

/** Resolves on the first SIGINT or SIGTERM; a second one while stopping exits at once. */
function waitForShutdownSignal(io: CliIo): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const forceExit = () => {
        io.err('Stopping at once; trainings keep their last checkpoint.\n');
        process.exit(130);
      };
      process.once('SIGINT', forceExit);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Same cache as `mge train`: $MGE_CACHE_DIR, else the user's cache folder. */
function resolveCacheDir(io: CliIo): string {
  return io.env.MGE_CACHE_DIR ? path.resolve(io.cwd, io.env.MGE_CACHE_DIR) : path.join(io.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'mge-studio');
}

function openInBrowser(url: string, io: CliIo): void {
  const [command, ...args] = process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""', url] : ['xdg-open', url];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => io.err(`could not open a browser (${command} failed); open the URL yourself\n`));
  child.unref();
}
