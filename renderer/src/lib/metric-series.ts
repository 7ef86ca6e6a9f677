// Turns the trainer's metric records into the few named series a chart shows. The trainer reports
// every loss term (10 cross-entropies and 2 KL terms for MGE-CNN); a chart with 12 lines says less than
// one with the total, each expert's cross-entropy, the gate's, and the diversity term.
import type { EpochMetrics } from '../../../shared/runs';

export interface SeriesPoint {
  x: number;
  y: number;
}

/** Groups loss terms: "ce.expert1.max" → "Expert 1 CE", "ce.gate" → "Gate CE", "kl.*" → "Diversity (KL)". */
export function lossGroupOf(term: string): string {
  if (term === 'total') return 'Total';
  if (term.startsWith('kl.')) return 'Diversity (KL)';
  const expert = /^ce\.expert(\d+)\./.exec(term);
  if (expert) return `Expert ${expert[1]} CE`;
  if (term === 'ce.gate') return 'Gate CE';
  if (term.startsWith('ce.')) return 'Cross-entropy';
  return term;
}

export function groupLosses(losses: Record<string, number>): Record<string, number> {
  const grouped: Record<string, number> = {};
  for (const [term, value] of Object.entries(losses)) {
    const group = lossGroupOf(term);
    grouped[group] = (grouped[group] ?? 0) + value;
  }
  // A baseline's only term equals its total: one line is enough.
  if (Object.keys(grouped).length === 2 && 'Cross-entropy' in grouped && 'Total' in grouped) delete grouped['Cross-entropy'];
  return grouped;
}

/** "final" → "Gate (final)" for MGE-CNN, "Top-1" for a single-head model; "expert2" → "Expert 2". */
export function accuracyLabel(head: string, heads: string[]): string {
  if (head === 'final') return heads.some((h) => h.startsWith('expert')) ? 'Gate (final)' : 'Top-1';
  const expert = /^expert(\d+)$/.exec(head);
  return expert ? `Expert ${expert[1]}` : head;
}

/** Series names in a stable order: totals first, experts in number order, gate and diversity last. */
export function orderSeries(names: string[]): string[] {
  const rank = (name: string) => (name === 'Total' || name === 'Gate (final)' || name === 'Top-1' ? 0 : name.startsWith('Expert') ? 1 : name.startsWith('Gate') ? 2 : 3);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, undefined, { numeric: true }));
}

/** Per-epoch series of every loss group. */
export function lossSeries(epochs: EpochMetrics[]): Map<string, SeriesPoint[]> {
  const series = new Map<string, SeriesPoint[]>();
  for (const metrics of epochs) appendLossPoints(series, metrics);
  return series;
}

export function appendLossPoints(series: Map<string, SeriesPoint[]>, metrics: EpochMetrics): void {
  for (const [group, value] of Object.entries(groupLosses(metrics.losses))) {
    let points = series.get(group);
    if (!points) series.set(group, (points = []));
    points.push({ x: metrics.epoch, y: value });
  }
}

export function appendAccuracyPoints(series: Map<string, SeriesPoint[]>, metrics: EpochMetrics): void {
  const heads = Object.keys(metrics.accuracy);
  for (const head of heads) {
    const label = accuracyLabel(head, heads);
    let points = series.get(label);
    if (!points) series.set(label, (points = []));
    points.push({ x: metrics.epoch, y: metrics.accuracy[head] * 100 });
  }
}
