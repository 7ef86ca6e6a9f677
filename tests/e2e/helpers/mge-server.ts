// Starts the real `mge serve` (bin/mge.mjs) on a free port with a temporary runs folder, and reads the
// URL it prints on its first stdout line.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MGE_BIN = fileURLToPath(new URL('../../../bin/mge.mjs', import.meta.url));

export interface MgeServer {
  /** The full URL with its token, as printed. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Everything the server wrote to stderr (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

export function startMgeServer(options: { runsDir: string; cacheDir: string; timeoutMs?: number }): Promise<MgeServer> {
  const child: ChildProcess = spawn(process.execPath, [MGE_BIN, 'serve', '--port', '0', '--runs-dir', options.runsDir], {
    env: { ...process.env, MGE_CACHE_DIR: options.cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: path.dirname(MGE_BIN),
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`mge serve printed no URL within ${options.timeoutMs ?? 60_000} ms; stderr:\n${stderr}`)), options.timeoutMs ?? 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.on('exit', (code) => fail(new Error(`mge serve exited with ${code} before printing its URL; stderr:\n${stderr}`)));
    child.stdout!.on('data', (d) => {
      stdout += d;
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const url = new URL(stdout.slice(0, newline).trim());
      resolve({
        url: url.href,
        origin: url.origin,
        port: Number(url.port),
        token: url.searchParams.get('token') ?? '',
        stderr: () => stderr,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            // Ctrl-C: running trainers save a checkpoint and the server closes.
            child.kill('SIGINT');
          }),
      });
    });
  });
}
