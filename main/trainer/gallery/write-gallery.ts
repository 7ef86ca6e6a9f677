// Writes one gallery: for a stratified sample of the evaluation split, the input each image became, every
// network's map over what it saw (crop box drawn) and the crop it passed on, the whole model's map, the gate
// weights, the top-5, the truth and the deletion-test score; then gallery/<epoch folder>/index.json and
// gallery/index.json. The epoch folder is built under a temporary name and renamed into place, and the root
// index is replaced atomically afterwards, so a reader sees a complete gallery or the previous one.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSample } from '../../../shared/datasets';
import { FAITHFULNESS_FRACTION, GALLERY_FORMAT, galleryIndexSchema, type Box, type GalleryEntry, type GalleryIndex } from '../../../shared/gallery';
import { Rng } from '../../../shared/random';
import { writeJsonAtomic } from '../../common/atomic-file';
import { DataLoader, type ImageCache } from '../data';
import { encodeImage } from '../explain/encode-image';
import { explainBatch, topClasses, type BatchExplanation } from '../explain/explain-batch';
import { confidenceDrop, type ConfidenceDrop } from '../explain/faithfulness';
import { renderExplanation } from '../explain/render';
import type { RgbImage } from '../explain/overlay';
import type { ClassifierModel } from '../models/types';
import type { GalleryOptions } from './gallery-options';
import { stratifiedSample } from './sample';

export const GALLERY_INDEX = 'index.json';

export interface WriteGalleryInput {
  model: ClassifierModel;
  /** The evaluation split's samples. */
  samples: readonly DatasetSample[];
  split: 'test' | 'val';
  classes: string[];
  imgSize: number;
  /** Seed of the sample. */
  seed: number;
  /** The epoch whose weights the model holds. */
  epoch: number;
  /** The run's gallery folder. */
  galleryDir: string;
  options: GalleryOptions;
  /** Decoded-image cache (the run's, so that evaluated test images are not decoded again). */
  cache?: ImageCache | null;
}

export interface WrittenGallery {
  index: GalleryIndex;
  /** The epoch folder, relative to the gallery folder. */
  folder: string;
  seconds: number;
}

export function galleryFolderName(epoch: number): string {
  return `epoch-${String(epoch).padStart(4, '0')}`;
}

export async function writeGallery(input: WriteGalleryInput): Promise<WrittenGallery> {
  const started = performance.now();
  const { model, classes, options, galleryDir } = input;
  const chosen = stratifiedSample(input.samples, options.sampleSize, input.seed).map((i) => input.samples[i]);
  const loader = new DataLoader(chosen, {
    imgSize: input.imgSize,
    batchSize: options.batchSize,
    training: false,
    shuffle: false,
    rng: new Rng(input.seed),
    seed: `${input.seed}:gallery`,
    cache: input.cache ?? null,
  });
  const folder = galleryFolderName(input.epoch);
  await fs.mkdir(galleryDir, { recursive: true });
  const temp = path.join(galleryDir, `.${folder}.${randomBytes(4).toString('hex')}.tmp`);
  await fs.mkdir(temp);
  try {
    const entries: GalleryEntry[] = [];
    for await (const batch of loader.evaluationBatches()) {
      const images = tf.tensor4d(batch.images, [batch.size, input.imgSize, input.imgSize, 3]);
      try {
        const explanation = await explainBatch(model, images, { method: options.method, layer: options.layer });
        const before = explanation.classes.map((c, i) => explanation.probabilities[i * explanation.numClasses + c]);
        const drops = await confidenceDrop(model, images, explanation.modelMap, explanation.classes, before, FAITHFULNESS_FRACTION);
        for (let i = 0; i < batch.size; i++) {
          const id = String(entries.length + 1).padStart(4, '0');
          const sample = chosen[batch.indices[i]];
          entries.push(await writeEntry({ id, folder, temp, sample, label: batch.labels[i], explanation, i, drop: drops[i], classes, options }));
        }
      } finally {
        images.dispose();
      }
    }
    const drops = entries.map((e) => e.faithfulness.drop);
    const index: GalleryIndex = galleryIndexSchema.parse({
      format: GALLERY_FORMAT,
      createdAt: new Date().toISOString(),
      epoch: input.epoch,
      model: { name: model.name, backbone: model.config.backbone, imgSize: input.imgSize, boxThreshold: model.config.boxThreshold },
      classes,
      cam: { method: options.method, layer: options.layer, target: 'predicted', colormap: 'turbo', opacity: options.opacity, imageFormat: options.format },
      sample: { split: input.split, requested: options.sampleSize, drawn: chosen.length, seed: input.seed },
      faithfulness: { metric: 'blur-top-region-confidence-drop', fraction: FAITHFULNESS_FRACTION, meanDrop: drops.length > 0 ? drops.reduce((a, b) => a + b, 0) / drops.length : null },
      entries,
      skipped: loader.skipped.map((s) => ({ source: s.path, reason: s.reason })),
    });
    await fs.writeFile(path.join(temp, GALLERY_INDEX), `${JSON.stringify(index, null, 2)}\n`);
    await replaceFolder(temp, path.join(galleryDir, folder));
    await writeJsonAtomic(path.join(galleryDir, GALLERY_INDEX), index);
    return { index, folder, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
}

interface EntryInput {
  id: string;
  folder: string;
  temp: string;
  sample: DatasetSample;
  label: number;
  explanation: BatchExplanation;
  i: number;
  drop: ConfidenceDrop;
  classes: string[];
  options: GalleryOptions;
}

async function writeEntry(entry: EntryInput): Promise<GalleryEntry> {
  const { id, folder, temp, explanation: e, i, classes, options } = entry;
  const rendered = renderExplanation(e, i, options.opacity);
  // Paths in the index are relative to the gallery folder; files go to the temporary epoch folder.
  const write = async (name: string, image: RgbImage): Promise<string> => {
    const file = `${id}-${name}.${options.format}`;
    await fs.writeFile(path.join(temp, file), await encodeImage(image, options.format));
    return `${folder}/${file}`;
  };
  const input = await write('input', rendered.input);
  const views: GalleryEntry['views'] = [];
  let view = input;
  for (const [t, v] of rendered.views.entries()) {
    const cam = await write(`${v.name}-cam`, v.cam);
    const crop = v.crop ? await write(`${v.name}-crop`, v.crop) : null;
    const [best] = topClasses(e.streams[t].probabilities, e.numClasses, i, 1);
    views.push({ name: v.name, view, cam, crop, box: (v.box as Box | null) ?? null, prediction: { index: best.index, name: classes[best.index], probability: best.probability } });
    if (crop) view = crop;
  }
  const modelCam = rendered.views.length === 1 ? views[0].cam : await write('model-cam', rendered.modelCam);
  const predicted = e.classes[i];
  const top5 = topClasses(e.probabilities, e.numClasses, i, 5).map((c) => ({ index: c.index, name: classes[c.index], probability: c.probability }));
  return {
    id,
    source: entry.sample.path,
    input,
    truth: { index: entry.label, name: classes[entry.label] },
    predicted: { index: predicted, name: classes[predicted] },
    confidence: e.probabilities[i * e.numClasses + predicted],
    correct: predicted === entry.label,
    top5,
    gateWeights: e.gateWeights ? e.gateWeights[i] : null,
    boxes: e.boxes[i] as Box[],
    views,
    modelCam,
    faithfulness: entry.drop,
  };
}

/** Moves `source` to `target`, replacing a folder already there. */
async function replaceFolder(source: string, target: string): Promise<void> {
  const old = `${source}.old`;
  const hadOld = await fs.rename(target, old).then(() => true, () => false);
  await fs.rename(source, target);
  if (hadOld) await fs.rm(old, { recursive: true, force: true });
}
