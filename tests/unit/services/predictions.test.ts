// A prediction child that dies is reported as a typed error with the reason; its files are not served.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../../main/services/runs';
import { newRun } from '../../helpers/run-fixtures';
import { useTempDir } from '../../helpers/temp-dir';
import { makeServiceFixture } from './fixtures/service-fixture';

const tempDir = useTempDir('mge-predictions-');
const DYING_CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'dying-predict-child.ts');

describe('predictions', () => {
  it('reports a prediction process that died, naming out-of-memory', async () => {
    const fx = await makeServiceFixture(tempDir(), { predictEntry: DYING_CHILD });
    const store = new RunStore(fx.runsDir);
    const run = await store.create(newRun());
    await fs.mkdir(path.join(store.runDir(run.id), 'checkpoints', 'best'), { recursive: true });
    await fs.writeFile(path.join(store.runDir(run.id), 'checkpoints', 'best', 'manifest.json'), '{}');
    const result = await fx.service.call('predict.images', { runId: run.id, paths: [tempDir()] });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'the prediction ran out of memory: try fewer images at once' } });
    await expect(fx.service.openFile('predictions/abc/maps/x.png')).rejects.toMatchObject({ code: 'not-found' });
  });
});
