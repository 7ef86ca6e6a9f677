// Predictions on new image files with a trained model: top-k classes, gate weights, crop boxes, each
// network's own guess, and (when asked) overlay images of the class activation maps. One Predictor serves
// `mge predict` and the app's Predict view, whether the model comes from a run or from an exported folder.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Box, CamLayer, CamMethodName, ClassScore, ImageFormat, ImagePrediction, ImagePredictionResult } from '../../../shared/gallery';
import { ImageDecodeError } from '../data/decode';
import { explainBatch, topClasses, type BatchExplanation } from '../explain/explain-batch';
import { writeImageFile } from '../explain/encode-image';
import { DEFAULT_OPACITY } from '../explain/overlay';
import { renderExplanation } from '../explain/render';
import type { ClassifierModel } from '../models/types';
import { prepareImage, type PreparedImage, type PreprocessingSpec } from './preprocessing';

export interface CamOutputOptions {
  /** Folder the overlays are written to (created if needed). */
  dir: string;
  method?: CamMethodName;
  layer?: CamLayer;
  /** Share of the heat map in the overlay, 0..1 (default 0.5). */
  opacity?: number;
  format?: ImageFormat;
}

export interface PredictOptions {
  /** Classes listed per image (default 5, at most the number of classes). */
  top?: number;
  /** Images per forward pass (default 8). */
  batchSize?: number;
  /** Write class-activation-map overlays. */
  cam?: CamOutputOptions;
}

/** Where a predictor's model came from. */
export interface PredictorSource {
  kind: 'run' | 'export';
  /** The run folder or the exported model folder. */
  path: string;
  /** The epoch of the weights, when known. */
  epoch: number | null;
}

/** Images decoded at once while the previous batch computes. */
const DECODE_CONCURRENCY = 4;

export class Predictor {
  constructor(
    readonly model: ClassifierModel,
    readonly preprocessing: PreprocessingSpec,
    readonly source: PredictorSource,
  ) {
    if (model.config.numClasses !== preprocessing.classes.length) {
      throw new Error(`the model has ${model.config.numClasses} outputs but ${preprocessing.classes.length} class names`);
    }
  }

  get classes(): string[] {
    return this.preprocessing.classes;
  }

  /** Predicts every image, in order; an image that cannot be read gives an error entry, never an exception. */
  async predict(paths: string[], options: PredictOptions = {}): Promise<ImagePredictionResult[]> {
    const top = options.top ?? 5;
    if (!Number.isInteger(top) || top < 1) throw new RangeError(`top must be a whole number of at least 1, got ${top}`);
    const batchSize = options.batchSize ?? 8;
    if (options.cam) await fs.mkdir(options.cam.dir, { recursive: true });
    const names = new CamFileNames();
    const results: ImagePredictionResult[] = [];
    for (let start = 0; start < paths.length; start += batchSize) {
      const chunk = paths.slice(start, start + batchSize);
      const prepared = await mapLimited(chunk, DECODE_CONCURRENCY, (p) =>
        prepareImage(p, this.preprocessing).then(
          (image): PreparedImage | Error => image,
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        ),
      );
      const ok = prepared.flatMap((p, i) => (p instanceof Error ? [] : [{ path: chunk[i], image: p }]));
      const explanation = ok.length > 0 ? await this.explain(ok.map((o) => o.image), options.cam) : null;
      let next = 0;
      for (let i = 0; i < chunk.length; i++) {
        const p = prepared[i];
        if (p instanceof Error) {
          results.push({ path: chunk[i], error: p instanceof ImageDecodeError ? p.reason : p.message });
          continue;
        }
        const result = this.describe(chunk[i], explanation!, next, top);
        if (options.cam) result.camFiles = await writeOverlays(explanation!, next, chunk[i], options.cam, names);
        results.push(result);
        next++;
      }
    }
    return results;
  }

  dispose(): void {
    this.model.dispose();
  }

  private async explain(images: PreparedImage[], cam: CamOutputOptions | undefined): Promise<BatchExplanation> {
    const size = this.preprocessing.imgSize;
    const data = new Float32Array(images.length * size * size * 3);
    images.forEach((image, i) => data.set(image.input, i * size * size * 3));
    const batch = tf.tensor4d(data, [images.length, size, size, 3]);
    try {
      return await explainBatch(this.model, batch, { method: cam?.method, layer: cam?.layer, maps: Boolean(cam), keepInputs: Boolean(cam) });
    } finally {
      batch.dispose();
    }
  }

  private describe(file: string, e: BatchExplanation, i: number, top: number): ImagePrediction {
    const score = (index: number, probability: number): ClassScore => ({ index, name: this.classes[index], probability });
    return {
      path: file,
      top: topClasses(e.probabilities, e.numClasses, i, top).map((c) => score(c.index, c.probability)),
      gateWeights: e.gateWeights ? e.gateWeights[i] : null,
      boxes: e.boxes[i] as Box[],
      views: e.streams.map((s) => {
        const [best] = topClasses(s.probabilities, e.numClasses, i, 1);
        return { name: s.name, prediction: score(best.index, best.probability) };
      }),
    };
  }
}

/** Output file stems unique within one predict call: "bird", "bird-2", … */
class CamFileNames {
  private readonly used = new Set<string>();

  stem(file: string): string {
    const base = path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9._-]+/g, '_') || 'image';
    let stem = base;
    for (let n = 2; this.used.has(stem); n++) stem = `${base}-${n}`;
    this.used.add(stem);
    return stem;
  }
}

async function writeOverlays(e: BatchExplanation, i: number, file: string, cam: CamOutputOptions, names: CamFileNames): Promise<NonNullable<ImagePrediction['camFiles']>> {
  const format = cam.format ?? 'png';
  const rendered = renderExplanation(e, i, cam.opacity ?? DEFAULT_OPACITY);
  const stem = names.stem(file);
  const target = (suffix: string) => path.resolve(cam.dir, `${stem}-${suffix}.${format}`);
  const views: Record<string, string> = {};
  for (const view of rendered.views) {
    views[view.name] = target(view.name);
    await writeImageFile(views[view.name], view.cam, format);
  }
  // With one network its map is the model's: no second, identical file.
  if (rendered.views.length === 1) return { model: views[rendered.views[0].name], views };
  const model = target('model');
  await writeImageFile(model, rendered.modelCam, format);
  return { model, views };
}

/** `fn` over `items` with at most `limit` running at once, results in order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
