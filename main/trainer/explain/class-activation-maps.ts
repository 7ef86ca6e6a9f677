// The programmatic entry point: the maps of every explainable network of any registered model, for a batch,
// for chosen classes or the predicted ones, with any method and target layer. Returns tensors the caller
// owns (dispose them, or call inside tf.tidy); nothing else survives the call.
import * as tf from '@tensorflow/tfjs-core';
import type { CamLayer, CamMethodName } from '../../../shared/gallery';
import type { ClassifierModel } from '../models/types';
import { createCamMethod } from './cam-methods';
import { computeCam } from './compute-cam';
import { disposeModelPass, explainableModel } from './streams';

export interface CamMapsOptions {
  /** Default gradcam. */
  method?: CamMethodName;
  /** Default conv5. */
  layer?: CamLayer;
  /** The class to explain per image; default the model's predicted class (argmax of its final logits). */
  classes?: number[] | tf.Tensor1D;
}

export interface CamMaps {
  /** "expert1".."expert3" or "backbone". */
  names: string[];
  /** One [B, H, W] map in [0, 1] per network, over the image that network saw. */
  maps: tf.Tensor3D[];
  /** The explained class of each image, [B] int32. */
  classes: tf.Tensor1D;
}

/** Class activation maps of `images` ([B, H, W, 3], normalised). */
export function classActivationMaps(model: ClassifierModel, images: tf.Tensor4D, options: CamMapsOptions = {}): CamMaps {
  const explainable = explainableModel(model);
  const method = createCamMethod(options.method ?? 'gradcam');
  const layer = options.layer ?? 'conv5';
  const pass = explainable.run(images);
  try {
    return tf.tidy(() => {
      const given = options.classes;
      const classes = given === undefined ? (tf.argMax(pass.output.final, 1) as tf.Tensor1D) : Array.isArray(given) ? tf.tensor1d(given, 'int32') : (tf.cast(given, 'int32') as tf.Tensor1D);
      if (classes.shape[0] !== images.shape[0]) throw new Error(`classActivationMaps: ${classes.shape[0]} classes given for ${images.shape[0]} images`);
      const maps = explainable.streams.map((stream, t) => computeCam({ method, stream, input: pass.inputs[t], layer, classes }));
      return { names: explainable.streams.map((s) => s.name), maps, classes } as unknown as tf.TensorContainerObject;
    }) as unknown as CamMaps;
  } finally {
    disposeModelPass(pass);
  }
}
