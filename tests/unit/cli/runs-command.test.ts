import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../../main/services/runs';
import { runCli } from '../../helpers/cli';
import { epochMetrics, newRun } from '../../helpers/run-fixtures';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('mge-cli-runs-');

describe('mge runs', () => {
  it('lists runs (with damaged folders) as a table and as JSON, honouring --runs-dir and MGE_RUNS_DIR', async () => {
    const dir = tempDir();
    const store = new RunStore(dir);
    const { id } = await store.create(newRun({ name: 'cub baseline' }));
    await store.appendMetrics(id, epochMetrics(1));
    await fs.mkdir(path.join(dir, 'broken-run'));

    const table = await runCli(['runs', 'list', '--runs-dir', dir]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(id);
    expect(table.stdout).toContain('cub baseline');
    expect(table.stdout).toMatch(/broken-run\s+-\s+damaged/);

    const json = await runCli(['runs', 'list', '--json'], { MGE_RUNS_DIR: dir });
    const entries = JSON.parse(json.stdout);
    expect(entries.map((e: { id: string }) => e.id).sort()).toEqual(['broken-run', id].sort());
  });

  it('defaults to ./runs in the working directory', async () => {
    const cwd = tempDir();
    const store = new RunStore(path.join(cwd, 'runs'));
    const { id } = await store.create(newRun());
    const result = await runCli(['runs', 'list'], {}, cwd);
    expect(result.stdout).toContain(id);
  });

  it('shows one run with its metrics, and fails clearly for an unknown id', async () => {
    const dir = tempDir();
    const store = new RunStore(dir);
    const { id } = await store.create(newRun());
    await store.appendMetrics(id, epochMetrics(1));
    const shown = await runCli(['runs', 'show', id, '--runs-dir', dir]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('mgecnn / resnet-tiny');
    expect(shown.stdout).toMatch(/1\s+2\.0000/);
    const json = JSON.parse((await runCli(['runs', 'show', id, '--runs-dir', dir, '--json'])).stdout);
    expect(json.record.id).toBe(id);
    expect(json.metrics).toHaveLength(1);

    const missing = await runCli(['runs', 'show', 'nope', '--runs-dir', dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`mge runs show: no run "nope" in ${dir}`);
  });

  it('renames and deletes (only with --yes)', async () => {
    const dir = tempDir();
    const { id } = await new RunStore(dir).create(newRun());
    expect((await runCli(['runs', 'rename', id, 'better name', '--runs-dir', dir])).code).toBe(0);
    expect((await runCli(['runs', 'show', id, '--runs-dir', dir])).stdout).toContain('better name');
    const refused = await runCli(['runs', 'delete', id, '--runs-dir', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect((await runCli(['runs', 'delete', id, '--runs-dir', dir, '--yes'])).code).toBe(0);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe('mge usage errors', () => {
  it.each([
    [['runs', 'list', '--bogus'], 'mge runs list: unknown option --bogus (see "mge runs list --help")'],
    [['runs', 'show'], 'mge runs show: missing <id> (see "mge runs show --help")'],
    [['frobnicate'], 'mge: unknown command "frobnicate" (see "mge --help")'],
    [['runs', 'explode'], 'mge: unknown command "runs explode" (see "mge --help")'],
    [['train', '--epochs', 'x'], 'mge train: --epochs must be a number, not "x" (see "mge train --help")'],
    [['train', '--dataset', 'synthetic', '--epochs', '0'], 'mge train: epochs must be at least 1'],
    [['train', '--dataset', 'synthetic', '--model', 'vgg'], 'mge train: --model must be one of mgecnn, baseline, not "vgg" (see "mge train --help")'],
    [['train', '--dataset', 'synthetic', '--gpu_ids', '6,x'], 'mge train: gpuIds: "x" is not a GPU index (use a comma-separated list like 6,7)'],
  ])('%j exits 2 with one line', async (argv, line) => {
    const result = await runCli(argv, { MGE_RUNS_DIR: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')[0]).toBe(line);
  });

  it('prints help for every command and the overview', async () => {
    const overview = await runCli(['--help']);
    expect(overview.code).toBe(0);
    for (const word of ['datasets inspect', 'runs list', 'runs show', 'train', 'demo', 'bench']) expect(overview.stdout).toContain(word);
    for (const argv of [['datasets', 'inspect'], ['runs', 'list'], ['runs', 'show'], ['train'], ['demo'], ['bench']]) {
      const help = await runCli([...argv, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: mge ${argv.join(' ')}`);
    }
    const train = await runCli(['train', '--help']);
    for (const option of ['--seed', '--dataset', '--imgsize', '--model', '--epochs', '--batchsize', '--lr', '--momentum', '--weight-decay', '--box-thred', '--gpu-ids', '--backbone', '--backend', '--runs-dir', '--resume', '--name']) {
      expect(train.stdout).toContain(option);
    }
  });
});
