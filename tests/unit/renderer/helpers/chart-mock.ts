// A stand-in for chart.js: each Chart records its config's data and is kept in `charts`, with update and
// destroy as spies. Install it at the top of a test file with
//   vi.mock('chart.js', () => import('./helpers/chart-mock'));
// and import `charts` from here to inspect the charts the components created.
import { vi } from 'vitest';

export interface FakeChart {
  data: { datasets: Array<{ label?: string; seriesKey?: string; data: unknown[] }> };
  update: ReturnType<typeof vi.fn>;
  destroy: ReturnType<typeof vi.fn>;
}

/** Every chart created since the last reset, oldest first. */
export const charts: FakeChart[] = [];

export class Chart {
  static register = vi.fn();
  data: unknown;
  update = vi.fn();
  destroy = vi.fn();
  constructor(_canvas: unknown, config: { data: unknown }) {
    this.data = config.data;
    charts.push(this as never);
  }
}

const part = {};
export { part as LineController, part as LineElement, part as PointElement, part as LinearScale, part as LogarithmicScale, part as CategoryScale, part as Legend, part as Tooltip, part as Filler, part as Decimation };
