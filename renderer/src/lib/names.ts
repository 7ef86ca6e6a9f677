// Human names for the model's parts as the trainer names them.

/** "expert2" → "Expert 2", "backbone" → "Backbone", "final" → "Model". */
export function networkLabel(name: string): string {
  const expert = /^expert(\d+)$/.exec(name);
  if (expert) return `Expert ${expert[1]}`;
  if (name === 'final') return 'Model';
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The colour each expert has in every chart and gallery (same as the charts' series colours). */
export const EXPERT_COLORS = ['#0ea5a4', '#e0803a', '#d64f7a', '#8b5cf6'];

/** "mgecnn" → "MGE-CNN", "baseline" → "Baseline". */
export function modelLabel(model: string): string {
  return model === 'mgecnn' ? 'MGE-CNN' : model === 'baseline' ? 'Baseline' : model;
}
