// Chart.js, registered once with only the parts the app uses (tree-shaken build), themed from the CSS
// variables so that charts follow light and dark mode.
import { CategoryScale, Chart, Decimation, Filler, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip } from 'chart.js';

let registered = false;

export function ensureChartsRegistered(): typeof Chart {
  if (!registered) {
    Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Legend, Tooltip, Filler, Decimation);
    registered = true;
  }
  return Chart;
}

export interface ChartTheme {
  text: string;
  grid: string;
  font: string;
}

export function chartTheme(): ChartTheme {
  const style = typeof document === 'undefined' ? null : getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style?.getPropertyValue(name).trim() || fallback;
  return { text: read('--chart-text', '#5b6579'), grid: read('--chart-grid', 'rgba(30,37,51,0.08)'), font: read('--font-sans', 'system-ui, sans-serif') };
}

/** Series colours readable on light and dark backgrounds; the same series name always gets the same colour. */
const NAMED_COLORS: Record<string, string> = {
  Total: '#3b6fd8',
  'Gate (final)': '#8b5cf6',
  'Top-1': '#3b6fd8',
  'Gate CE': '#8b5cf6',
  'Expert 1': '#0ea5a4',
  'Expert 1 CE': '#0ea5a4',
  'Expert 2': '#e0803a',
  'Expert 2 CE': '#e0803a',
  'Expert 3': '#d64f7a',
  'Expert 3 CE': '#d64f7a',
  'Diversity (KL)': '#7c8799',
  'Batch loss': '#9fb4de',
};
const PALETTE = ['#3b6fd8', '#0ea5a4', '#e0803a', '#d64f7a', '#8b5cf6', '#4f9d3a', '#b58b00', '#7c8799'];

export function seriesColor(name: string, index: number): string {
  return NAMED_COLORS[name] ?? PALETTE[index % PALETTE.length];
}

export function paletteColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}
