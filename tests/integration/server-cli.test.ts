// `mge serve` as a user runs it: the first stdout line is the URL with the token, the API answers
// there, Ctrl-C stops it cleanly, and a public --host is refused with the SSH-tunnel advice.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MGE_BIN, spawnCli } from '../helpers/spawn-cli';
import { useTempDir } from '../helpers/temp-dir';

const tempDir = useTempDir('mge-serve-cli-');

describe('mge serve', () => {
  it('prints the URL first, answers API calls there, and stops on Ctrl-C', async () => {
    const runsDir = tempDir();
    const child = spawn(process.execPath, [MGE_BIN, 'serve', '--port', '0', '--runs-dir', runsDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MGE_RENDERER_DIR: tempDir() } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', () => reject(new Error(`mge serve exited early: ${stderr}`)));
      });
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);

      const url = new URL(firstLine);
      const socket = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
      socket.send(JSON.stringify({ type: 'call', id: 1, method: 'settings.get', input: {} }));
      expect(JSON.parse(await reply)).toMatchObject({ id: 1, result: { ok: true, value: { runsDir, persisted: false } } });
      expect(stderr).toContain('run npm run build:renderer');
      expect(stderr).toContain(`ssh -L ${url.port}:127.0.0.1:${url.port}`);
      socket.close();
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('Stopped.');
  });

  it('refuses to listen on a public address', async () => {
    const { code, stderr } = await spawnCli(['serve', '--host', '0.0.0.0', '--port', '9999'], { timeoutMs: 30_000 });
    expect(code).toBe(2);
    expect(stderr).toContain('listens on 127.0.0.1 only');
    expect(stderr).toContain('ssh -L 9999:127.0.0.1:9999');
  });
});
