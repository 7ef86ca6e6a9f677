import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore, writeJsonAtomic } from '../../../main/services/runs';
import { epochMetrics, newRun } from '../../helpers/run-fixtures';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('mge-runs-');

describe('RunStore', () => {
  it('creates a run folder named by its id with a complete run.json', async () => {
    const store = new RunStore(tempDir());
    const record = await store.create(newRun({ name: 'My CUB run' }));
    expect(record.id).toMatch(/^\d{8}-\d{6}-my-cub-run-[0-9a-f]{4}$/);
    const onDisk = JSON.parse(await fs.readFile(path.join(store.runsDir, record.id, 'run.json'), 'utf8'));
    expect(onDisk).toMatchObject({ id: record.id, name: 'My CUB run', status: 'queued', config: { model: 'mgecnn' } });
    expect((await store.get(record.id)).record.name).toBe('My CUB run');
  });

  it('lists runs newest first and keeps going past damaged folders', async () => {
    const store = new RunStore(tempDir());
    const first = await store.create(newRun({ name: 'first' }));
    await new Promise((r) => setTimeout(r, 5));
    const second = await store.create(newRun({ name: 'second' }));
    await fs.mkdir(path.join(store.runsDir, 'half-written'));
    await fs.mkdir(path.join(store.runsDir, 'bad-json'));
    await fs.writeFile(path.join(store.runsDir, 'bad-json', 'run.json'), '{"id": "bad-json", "na');
    await fs.mkdir(path.join(store.runsDir, 'bad-schema'));
    await fs.writeFile(path.join(store.runsDir, 'bad-schema', 'run.json'), JSON.stringify({ ...(await store.readRecord(first.id)), status: 'exploded' }));
    await fs.writeFile(path.join(store.runsDir, 'stray-file.txt'), 'not a run');

    const entries = await store.list();
    const ok = entries.filter((e) => !e.damaged).map((e) => e.id);
    expect(ok).toEqual([second.id, first.id]);
    const damaged = Object.fromEntries(entries.filter((e) => e.damaged).map((e) => [e.id, e.damaged ? e.reason : '']));
    expect(Object.keys(damaged).sort()).toEqual(['bad-json', 'bad-schema', 'half-written']);
    expect(damaged['half-written']).toContain('run.json is missing');
    expect(damaged['bad-json']).toContain('not valid JSON');
    expect(damaged['bad-schema']).toContain('status');
  });

  it('returns an empty list for a runs folder that does not exist yet', async () => {
    expect(await new RunStore(path.join(tempDir(), 'nope')).list()).toEqual([]);
  });

  it('appends metrics, survives a line cut short by a crash, and reports a corrupt middle line', async () => {
    const store = new RunStore(tempDir());
    const { id } = await store.create(newRun());
    await store.appendMetrics(id, epochMetrics(1));
    await store.appendMetrics(id, epochMetrics(2));
    const file = path.join(store.runsDir, id, 'metrics.jsonl');
    await fs.appendFile(file, '{"epoch": 3, "loss');
    expect((await store.get(id)).metrics.map((m) => m.epoch)).toEqual([1, 2]);

    await fs.writeFile(file, `${JSON.stringify(epochMetrics(1))}\ngarbage\n${JSON.stringify(epochMetrics(2))}\n`);
    const details = await store.get(id);
    expect(details.metrics.map((m) => m.epoch)).toEqual([1, 2]);
    expect(details.warnings.join()).toContain('line 2');
  });

  it('keeps every line whole under concurrent appends', async () => {
    const store = new RunStore(tempDir());
    const { id } = await store.create(newRun());
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.appendMetrics(id, epochMetrics(i + 1))));
    const metrics = await store.readMetrics(id);
    expect(metrics.map((m) => m.epoch).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('writes atomically: no temp files left and readers never see partial JSON', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'state.json');
    const big = { values: Array.from({ length: 20000 }, (_, i) => i) };
    const writes = Array.from({ length: 10 }, (_, i) => writeJsonAtomic(target, { ...big, version: i }));
    const reads: Array<Promise<void>> = [];
    for (let i = 0; i < 20; i++) {
      reads.push(
        fs.readFile(target, 'utf8').then(
          (text) => void expect(JSON.parse(text).values).toHaveLength(20000),
          (error) => void expect(error.code).toBe('ENOENT'),
        ),
      );
    }
    await Promise.all([...writes, ...reads]);
    expect(await fs.readdir(dir)).toEqual(['state.json']);
  });

  it('renames, updates status with a failure reason, truncates metrics and deletes', async () => {
    const store = new RunStore(tempDir());
    const { id } = await store.create(newRun());
    await store.rename(id, '  renamed  ');
    await store.setStatus(id, 'failed', { reason: 'trainer crashed', lastLogLines: ['epoch 1'] });
    const record = (await store.get(id)).record;
    expect(record).toMatchObject({ name: 'renamed', status: 'failed', failure: { reason: 'trainer crashed' } });
    await expect(store.rename(id, '   ')).rejects.toThrow('1 to 200 characters');

    for (const epoch of [1, 2, 3]) await store.appendMetrics(id, epochMetrics(epoch));
    await store.truncateMetrics(id, 2);
    expect((await store.readMetrics(id)).map((m) => m.epoch)).toEqual([1, 2]);

    await store.delete(id);
    expect(await store.list()).toEqual([]);
    await expect(store.delete(id)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('opens a run folder copied under another name as that run, and rejects path-like ids', async () => {
    const store = new RunStore(tempDir());
    const { id } = await store.create(newRun());
    await fs.cp(path.join(store.runsDir, id), path.join(store.runsDir, 'copied-from-server'), { recursive: true });
    expect((await store.get('copied-from-server')).record.id).toBe('copied-from-server');
    expect(() => store.runDir('../etc')).toThrow('not a valid run id');
    await expect(store.get('missing-run')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('flags an unreadable summary as a warning without hiding the run', async () => {
    const store = new RunStore(tempDir());
    const { id } = await store.create(newRun());
    await fs.writeFile(path.join(store.runsDir, id, 'summary.json'), '{ nope');
    const details = await store.get(id);
    expect(details.summary).toBeNull();
    expect(details.warnings.join()).toContain('summary.json');
    const [entry] = await store.list();
    expect(entry.damaged).toBe(false);
  });
});
