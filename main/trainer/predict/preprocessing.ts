// How a new image becomes network input, exactly as evaluation does it (DataLoader.evaluationBatches):
// decode with sharp (EXIF rotation, sRGB, shorter side resized to imgSize·512/448), centre crop imgSize²,
// ImageNet normalisation. The spec is saved beside exported models (preprocessing.json) so that other
// programs can reproduce it.
import { z } from 'zod';
import { decodeImage, resizeShorterSideFor } from '../data/decode';
import { centerCropSpec, cropImage, ensureMinSide, IMAGENET_MEAN, IMAGENET_STD, writeNormalisedCrop } from '../data/transforms';
import type { RgbImage } from '../explain/overlay';

export const PREPROCESSING_FORMAT = 'mge-preprocessing/1' as const;

export const preprocessingSpecSchema = z
  .object({
    format: z.literal(PREPROCESSING_FORMAT),
    /** Side of the square network input. */
    imgSize: z.number().int().min(1),
    /** The shorter side is resized to this (keeping the aspect ratio; sharp's default lanczos3 kernel) before the crop. */
    resizeShorterSide: z.number().int().min(1),
    /** The imgSize² window at the centre (torchvision CenterCrop rounding). */
    crop: z.literal('center'),
    colorSpace: z.literal('srgb'),
    /** Transparent pixels are flattened onto white; EXIF orientation is applied. */
    background: z.literal('#ffffff'),
    layout: z.literal('NHWC'),
    /** (byte / 255 − mean[c]) / std[c] for channel c of R, G, B. */
    scale: z.number(),
    mean: z.tuple([z.number(), z.number(), z.number()]),
    std: z.tuple([z.number(), z.number(), z.number()]),
    /** Class names; output index i is classes[i]. */
    classes: z.array(z.string()).min(1),
  })
  .strict();
export type PreprocessingSpec = z.infer<typeof preprocessingSpecSchema>;

export function preprocessingSpec(imgSize: number, classes: string[]): PreprocessingSpec {
  return {
    format: PREPROCESSING_FORMAT,
    imgSize,
    resizeShorterSide: resizeShorterSideFor(imgSize),
    crop: 'center',
    colorSpace: 'srgb',
    background: '#ffffff',
    layout: 'NHWC',
    scale: 1 / 255,
    mean: [...IMAGENET_MEAN],
    std: [...IMAGENET_STD],
    classes: [...classes],
  };
}

export interface PreparedImage {
  /** imgSize·imgSize·3 normalised floats (NHWC block of one image). */
  input: Float32Array;
  /** The centre crop as RGB bytes (what the network saw, for overlays). */
  crop: RgbImage;
}

/** Decodes and crops one image file; rejects with an ImageDecodeError for unreadable files. */
export async function prepareImage(path: string, spec: PreprocessingSpec): Promise<PreparedImage> {
  const decoded = await decodeImage({ path }, spec.resizeShorterSide);
  const image = ensureMinSide(decoded, spec.imgSize);
  const cropSpec = centerCropSpec(image, spec.imgSize);
  const input = new Float32Array(spec.imgSize * spec.imgSize * 3);
  writeNormalisedCrop(image, cropSpec, input, 0);
  return { input, crop: cropImage(image, cropSpec) };
}
