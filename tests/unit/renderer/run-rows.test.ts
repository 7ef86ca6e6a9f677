// The runs table's rules: rows from list entries (damaged folders included), search, filters and sort.
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, applyRunQuery, toRunRow } from '../../../renderer/src/lib/run-rows';
import { listEntry, runRecord, runSummary } from './helpers/fixtures';

const rows = [
  toRunRow(listEntry(runRecord('a', { name: 'Alpha CUB', createdAt: '2026-03-01T10:00:00Z', config: { model: 'mgecnn' } }), runSummary(0.8, 300))),
  toRunRow(listEntry(runRecord('b', { name: 'Beta cars', createdAt: '2026-03-02T10:00:00Z', config: { model: 'baseline' } }), runSummary(0.6, 100))),
  toRunRow(listEntry(runRecord('c', { name: 'Gamma', status: 'running', createdAt: '2026-03-03T10:00:00Z' }), null)),
  toRunRow({ id: 'broken', damaged: true, reason: 'run.json is not valid JSON' }),
];

describe('run rows', () => {
  it('flattens an entry into what the table shows', () => {
    expect(rows[0]).toMatchObject({ id: 'a', name: 'Alpha CUB', status: 'completed', dataset: 'synthetic', model: 'mgecnn', bestAccuracy: 0.8, durationSeconds: 300, epochsTotal: 5 });
    expect(rows[2]).toMatchObject({ status: 'running', bestAccuracy: null, durationSeconds: null });
    expect(rows[3]).toMatchObject({ status: 'damaged', problem: 'run.json is not valid JSON' });
  });

  it('sorts newest first by default, damaged (undated) last', () => {
    expect(applyRunQuery(rows, DEFAULT_QUERY).map((r) => r.id)).toEqual(['c', 'b', 'a', 'broken']);
  });

  it('sorts by accuracy either way with missing values last', () => {
    expect(applyRunQuery(rows, { ...DEFAULT_QUERY, sortKey: 'bestAccuracy', sortDirection: 'desc' }).map((r) => r.id)).toEqual(['a', 'b', 'c', 'broken']);
    expect(applyRunQuery(rows, { ...DEFAULT_QUERY, sortKey: 'bestAccuracy', sortDirection: 'asc' }).map((r) => r.id).slice(0, 2)).toEqual(['b', 'a']);
  });

  it('searches every word across name, dataset and model, and filters by status and model', () => {
    expect(applyRunQuery(rows, { ...DEFAULT_QUERY, search: 'cars' }).map((r) => r.id)).toEqual(['b']);
    expect(applyRunQuery(rows, { ...DEFAULT_QUERY, search: 'synthetic mgecnn' }).map((r) => r.id)).toEqual(['c', 'a']);
    expect(applyRunQuery(rows, { ...DEFAULT_QUERY, status: 'damaged' }).map((r) => r.id)).toEqual(['broken']);
    expect(applyRunQuery(rows, { ...DEFAULT_QUERY, model: 'baseline' }).map((r) => r.id)).toEqual(['b']);
  });
});
