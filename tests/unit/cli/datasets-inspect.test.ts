// `mge datasets inspect` on each official layout: correct classes and split counts, every broken file listed.
import { describe, expect, it } from 'vitest';
import { makeAircraftFixture, makeCarsFixture, makeCubFixture, makeFolderFixture, type FixtureResult } from '../../helpers/dataset-fixtures';
import { runCli } from '../../helpers/cli';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('mge-cli-inspect-');
const ALL_BROKEN = ['truncated', 'empty', 'not-an-image', 'missing', 'duplicate'] as const;

async function inspectJson(path: string) {
  const result = await runCli(['datasets', 'inspect', path, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

function expectMatches(report: { format: string; classes: string[]; splits: object; problems: Array<{ path: string; kind: string }> }, fixture: FixtureResult) {
  expect(report.format).toBe(fixture.format);
  expect(report.classes).toEqual(fixture.classes);
  if (fixture.splits) expect(report.splits).toEqual(fixture.splits);
  const problems = report.problems.map((p) => `${p.kind} ${p.path}`).sort();
  expect(problems).toEqual(fixture.problems.map((p) => `${p.kind} ${p.path}`).sort());
}

describe('mge datasets inspect', () => {
  it('reads CUB-200-2011 from its parent folder and lists every broken file', async () => {
    const dir = tempDir();
    const fixture = await makeCubFixture(dir, { broken: [...ALL_BROKEN] });
    expectMatches(await inspectJson(dir), fixture);
  });

  it('reads FGVC-Aircraft (trainval/test, names with spaces and slashes)', async () => {
    const dir = tempDir();
    const fixture = await makeAircraftFixture(dir, { broken: ['missing', 'truncated'] });
    const report = await inspectJson(dir);
    expectMatches(report, fixture);
    expect(report.classes.some((c: string) => c.includes('/') || c.includes(' '))).toBe(true);
  });

  it('reads the Stanford Cars devkit .mat annotations', async () => {
    const dir = tempDir();
    const fixture = await makeCarsFixture(dir, { broken: ['empty'] });
    expectMatches(await inspectJson(dir), fixture);
  });

  it('reads a folder-per-class dataset and prints a human report with the problems', async () => {
    const dir = tempDir();
    const fixture = await makeFolderFixture(dir, { broken: ['not-an-image', 'empty-class'] });
    expectMatches(await inspectJson(fixture.root), fixture);
    const human = await runCli(['datasets', 'inspect', fixture.root, '--classes']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Format:       Folder per class (folder)');
    expect(human.stdout).toMatch(/Problems:\s+2/);
    expect(human.stdout).toContain('not-an-image');
    expect(human.stdout).toContain('empty-class');
  });

  it('fails with one clear line on a folder that is not a dataset, and on bad options', async () => {
    const empty = tempDir();
    const notDataset = await runCli(['datasets', 'inspect', empty]);
    expect(notDataset.code).toBe(1);
    expect(notDataset.stderr.trim().split('\n')).toHaveLength(1);
    expect(notDataset.stderr).toContain(empty);
    const missing = await runCli(['datasets', 'inspect', `${empty}/nope`]);
    expect(missing.code).toBe(1);
    const badFraction = await runCli(['datasets', 'inspect', empty, '--test-fraction', '2']);
    expect(badFraction.code).toBe(2);
    expect(badFraction.stderr).toContain('--test-fraction must be between 0 and 0.9');
  });
});
