// Chart series of one run, grown incrementally from its append-only metric arrays: each update looks
// only at the epochs and batches added since the last one.
import { computed, onScopeDispose, shallowRef, watch, type Ref } from 'vue';
import type { ChartSeries } from '../components/LineChart.vue';
import type { LiveRun } from '../stores/training';
import { appendAccuracyPoints, appendLossPoints, orderSeries, type SeriesPoint } from './metric-series';

const MIN_INTERVAL_MS = 200;

export function useRunSeries(run: Ref<LiveRun | null>) {
  const lossPoints = new Map<string, SeriesPoint[]>();
  const accuracyPoints = new Map<string, SeriesPoint[]>();
  const lrPoints = new Map<string, SeriesPoint[]>([
    ['Heads', []],
    ['Backbones', []],
  ]);
  let epochsSeen = 0;
  let seenRun: LiveRun | null = null;
  const revision = shallowRef(0);
  const names = shallowRef<{ loss: string[]; accuracy: string[] }>({ loss: [], accuracy: [] });

  function reset(): void {
    lossPoints.clear();
    accuracyPoints.clear();
    for (const points of lrPoints.values()) points.length = 0;
    epochsSeen = 0;
  }

  function update(): void {
    const current = run.value;
    if (current !== seenRun) {
      reset();
      seenRun = current;
    }
    if (!current) return;
    if (current.epochs.length < epochsSeen) reset();
    for (; epochsSeen < current.epochs.length; epochsSeen++) {
      const metrics = current.epochs[epochsSeen];
      appendLossPoints(lossPoints, metrics);
      appendAccuracyPoints(accuracyPoints, metrics);
      lrPoints.get('Heads')!.push({ x: metrics.epoch, y: metrics.lr.head });
      lrPoints.get('Backbones')!.push({ x: metrics.epoch, y: metrics.lr.backbone });
    }
    const loss = orderSeries([...lossPoints.keys()]);
    const accuracy = orderSeries([...accuracyPoints.keys()]);
    if (loss.join() !== names.value.loss.join() || accuracy.join() !== names.value.accuracy.join()) names.value = { loss, accuracy };
    revision.value++;
  }

  // A fast GPU reports dozens of batches a second; redrawing 5 times a second is plenty.
  let lastUpdate = 0;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  function scheduleUpdate(): void {
    const wait = MIN_INTERVAL_MS - (Date.now() - lastUpdate);
    if (run.value !== seenRun || wait <= 0) {
      if (trailing) clearTimeout(trailing);
      trailing = null;
      lastUpdate = Date.now();
      update();
    } else if (!trailing) {
      trailing = setTimeout(() => {
        trailing = null;
        lastUpdate = Date.now();
        update();
      }, wait);
    }
  }
  watch(() => [run.value, run.value?.revision], scheduleUpdate, { immediate: true });
  onScopeDispose(() => {
    if (trailing) clearTimeout(trailing);
  });

  const lossSeries = computed<ChartSeries[]>(() => {
    const current = run.value;
    const series: ChartSeries[] = names.value.loss.map((name) => ({ key: name, label: name, points: lossPoints.get(name) ?? [] }));
    if (current) series.push({ key: 'batch', label: 'Batch loss', points: current.batchLoss, dense: true });
    return series;
  });
  const accuracySeries = computed<ChartSeries[]>(() => names.value.accuracy.map((name) => ({ key: name, label: name, points: accuracyPoints.get(name) ?? [] })));
  const lrSeries = computed<ChartSeries[]>(() => [...lrPoints.entries()].map(([name, points], index) => ({ key: name, label: name, points, dashed: index === 1 })));

  return { lossSeries, accuracySeries, lrSeries, revision };
}
