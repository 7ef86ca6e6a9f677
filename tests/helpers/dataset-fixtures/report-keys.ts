// Comparing an import report with a fixture's expectation without depending on message wording.
import type { DatasetProblem } from '../../../shared/datasets';

/** "kind path" of each problem, sorted. */
export function problemKeys(problems: ReadonlyArray<Pick<DatasetProblem, 'kind' | 'path'>>): string[] {
  return problems.map((p) => `${p.kind} ${p.path}`).sort();
}
