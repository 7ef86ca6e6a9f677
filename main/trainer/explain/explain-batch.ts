// Everything galleries and predictions show about one batch, computed in one place and handed back as plain
// arrays (no tensor outlives the call): probabilities, each network's input, own prediction and map, the gate
// weights, the crop boxes, and the whole model's map in image coordinates.
import * as tf from '@tensorflow/tfjs-core';
import type { CamLayer, CamMethodName } from '../../../shared/gallery';
import type { ClassifierModel } from '../models/types';
import { createCamMethod } from './cam-methods';
import { compositeMap } from './composite';
import { computeCam } from './compute-cam';
import { disposeModelPass, explainableModel } from './streams';

export interface ExplainOptions {
  /** Default gradcam. */
  method?: CamMethodName;
  /** Default conv5 (the last conv stage of each expert / the baseline's backbone). */
  layer?: CamLayer;
  /** The class to explain per image; default the model's predicted class. */
  classes?: number[];
  /** Also return each network's input (needed to draw it); default true. */
  keepInputs?: boolean;
  /** Compute the maps (default true); false gives predictions only, with empty maps. */
  maps?: boolean;
}

export interface StreamExplanation {
  name: string;
  /** Normalised network input [B·H·W·3] (NHWC), empty when keepInputs is false. */
  input: Float32Array;
  /** Map over this network's input [B·H·W] in [0, 1] (empty when maps are not asked for). */
  map: Float32Array;
  /** This network's own class probabilities [B·C] (MGE-CNN: its cat head; baseline: the model's). */
  probabilities: Float32Array;
}

export interface BatchExplanation {
  batch: number;
  height: number;
  width: number;
  numClasses: number;
  /** The model's class probabilities [B·C]. */
  probabilities: Float32Array;
  /** The explained class of each image. */
  classes: number[];
  streams: StreamExplanation[];
  /** [B][T] (MGE-CNN) or null. */
  gateWeights: number[][] | null;
  /** [B][T−1][4] crop boxes (empty lists for the baseline). */
  boxes: number[][][];
  /** The whole model's map over the input [B·H·W] in [0, 1] (empty when maps are not asked for). */
  modelMap: Float32Array;
}

async function download(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}

/** Explains a batch of normalised images [B, H, W, 3]; the caller keeps ownership of `images`. */
export async function explainBatch(model: ClassifierModel, images: tf.Tensor4D, options: ExplainOptions = {}): Promise<BatchExplanation> {
  const explainable = explainableModel(model);
  const method = createCamMethod(options.method ?? 'gradcam');
  const layer = options.layer ?? 'conv5';
  const [b, height, width] = images.shape;
  if (options.classes && options.classes.length !== b) throw new Error(`explainBatch: ${options.classes.length} classes given for ${b} images`);
  const pass = explainable.run(images);
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  try {
    const { output, inputs } = pass;
    const numClasses = output.final.shape[1];
    const probabilities = keep(tf.tidy(() => tf.softmax(output.final)));
    const classTensor = keep(options.classes ? tf.tensor1d(options.classes, 'int32') : tf.tidy(() => tf.argMax(output.final, 1) as tf.Tensor1D));
    const withMaps = options.maps !== false;
    const maps = withMaps ? explainable.streams.map((stream, t) => keep(computeCam({ method, stream, input: inputs[t], layer, classes: classTensor }))) : [];
    const modelMap = withMaps ? keep(compositeMap(maps, output.boxes, output.gateWeights)) : null;
    const streamLogits = output.experts.length > 0 ? output.experts : [output.final];
    const streamProbabilities = streamLogits.map((logits) => keep(tf.tidy(() => tf.softmax(logits))));

    const classes = Array.from(await classTensor.data());
    const gate = output.gateWeights ? await download(output.gateWeights) : null;
    const boxValues = output.boxes ? await download(output.boxes) : null;
    const crops = output.boxes ? output.boxes.shape[1] : 0;
    const streams: StreamExplanation[] = [];
    for (let t = 0; t < explainable.streams.length; t++) {
      streams.push({
        name: explainable.streams[t].name,
        input: options.keepInputs === false ? new Float32Array(0) : await download(inputs[t]),
        map: withMaps ? await download(maps[t]) : new Float32Array(0),
        probabilities: await download(streamProbabilities[t]),
      });
    }
    const T = explainable.streams.length;
    return {
      batch: b,
      height,
      width,
      numClasses,
      probabilities: await download(probabilities),
      classes,
      streams,
      gateWeights: gate ? Array.from({ length: b }, (_, i) => Array.from(gate.subarray(i * T, (i + 1) * T))) : null,
      boxes: Array.from({ length: b }, (_, i) =>
        Array.from({ length: crops }, (_, t) => Array.from(boxValues!.subarray((i * crops + t) * 4, (i * crops + t + 1) * 4))),
      ),
      modelMap: modelMap ? await download(modelMap) : new Float32Array(0),
    };
  } finally {
    for (const t of owned) t.dispose();
    disposeModelPass(pass);
  }
}

/** The k most probable classes of image `i` ([B·C] probabilities), most probable first. */
export function topClasses(probabilities: Float32Array, numClasses: number, i: number, k: number): Array<{ index: number; probability: number }> {
  const row = probabilities.subarray(i * numClasses, (i + 1) * numClasses);
  return Array.from(row, (probability, index) => ({ index, probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, Math.max(1, Math.min(k, numClasses)));
}
