// The runs table's rows: one flat, sortable view of a run list entry, and the search/filter/sort
// rules — pure functions, so the table's behaviour is tested without a DOM.
import type { RunListEntry, RunStatus } from '../../../shared/runs';
import { baseName } from './format';

export type RowStatus = RunStatus | 'damaged';

export interface RunRow {
  id: string;
  name: string;
  status: RowStatus;
  /** Short dataset name (folder name, or "synthetic"). */
  dataset: string;
  datasetPath: string;
  model: string;
  backbone: string;
  /** Best top-1 test accuracy so far as a fraction (null before the first finished epoch). */
  bestAccuracy: number | null;
  durationSeconds: number | null;
  createdAt: string;
  epochsDone: number;
  epochsTotal: number | null;
  /** Why the folder is damaged, or why the run failed. */
  problem: string | null;
}

export const SORT_KEYS = ['createdAt', 'name', 'status', 'dataset', 'model', 'bestAccuracy', 'durationSeconds'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export interface RunQuery {
  search: string;
  status: RowStatus | 'all';
  model: string | 'all';
  sortKey: SortKey;
  sortDirection: SortDirection;
}

export const DEFAULT_QUERY: RunQuery = { search: '', status: 'all', model: 'all', sortKey: 'createdAt', sortDirection: 'desc' };

export function toRunRow(entry: RunListEntry): RunRow {
  if (entry.damaged) {
    return {
      id: entry.id,
      name: entry.id,
      status: 'damaged',
      dataset: '—',
      datasetPath: '',
      model: '—',
      backbone: '—',
      bestAccuracy: null,
      durationSeconds: null,
      createdAt: '',
      epochsDone: 0,
      epochsTotal: null,
      problem: entry.reason,
    };
  }
  const { record, summary, lastEpoch } = entry;
  const datasetPath = record.dataset?.root ?? record.config.dataset;
  const finished = record.status !== 'running' && record.status !== 'queued';
  const elapsed = (Date.parse(record.updatedAt) - Date.parse(record.createdAt)) / 1000;
  return {
    id: record.id,
    name: record.name || record.id,
    status: record.status,
    dataset: record.config.dataset === 'synthetic' ? 'synthetic' : baseName(datasetPath),
    datasetPath,
    model: record.config.model,
    backbone: record.config.backbone,
    bestAccuracy: summary?.bestAccuracy ?? null,
    durationSeconds: summary?.durationSeconds ?? (finished && Number.isFinite(elapsed) ? elapsed : null),
    createdAt: record.createdAt,
    epochsDone: summary?.epochs ?? lastEpoch ?? 0,
    epochsTotal: record.config.epochs,
    problem: record.failure?.reason ?? null,
  };
}

function matchesSearch(row: RunRow, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [row.name, row.id, row.dataset, row.datasetPath, row.model, row.backbone, row.status].join(' ').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

function compareRows(a: RunRow, b: RunRow, key: SortKey): number {
  const av = a[key];
  const bv = b[key];
  // Missing values (a running run's accuracy, a damaged run's date) sort last in either direction.
  if (av === null || av === '') return bv === null || bv === '' ? 0 : 1;
  if (bv === null || bv === '') return -1;
  if (typeof av === 'number' && typeof bv === 'number') return av - bv;
  return String(av).localeCompare(String(bv), undefined, { numeric: true, sensitivity: 'base' });
}

export function applyRunQuery(rows: RunRow[], query: RunQuery): RunRow[] {
  const filtered = rows.filter((row) => (query.status === 'all' || row.status === query.status) && (query.model === 'all' || row.model === query.model) && matchesSearch(row, query.search));
  const sign = query.sortDirection === 'asc' ? 1 : -1;
  return filtered.sort((a, b) => {
    const bothPresent = a[query.sortKey] !== null && a[query.sortKey] !== '' && b[query.sortKey] !== null && b[query.sortKey] !== '';
    const order = compareRows(a, b, query.sortKey);
    return (bothPresent ? sign * order : order) || b.createdAt.localeCompare(a.createdAt);
  });
}
