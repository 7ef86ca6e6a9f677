// Class-activation-map galleries and predictions: what `<run>/gallery/index.json` holds (validated by the
// trainer before it is written and by every reader), and what a prediction on a new image answers.
// A gallery is readable offline with no model loaded: every path points at an image file in the run's
// gallery folder.
import { z } from 'zod';

export const GALLERY_FORMAT = 'mge-gallery/1' as const;

/** Map methods: Grad-CAM, Grad-CAM++ and the closed-form CAM of a GAP + linear head. */
export const CAM_METHODS = ['gradcam', 'gradcam++', 'cam'] as const;
export type CamMethodName = (typeof CAM_METHODS)[number];

/** Target layers: the last conv stage (ResNet layer4 / "conv5", the default) or the one before it ("conv4"). */
export const CAM_LAYERS = ['conv5', 'conv4'] as const;
export type CamLayer = (typeof CAM_LAYERS)[number];

export const IMAGE_FORMATS = ['png', 'webp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Share of each image's most activated pixels blurred by the faithfulness (deletion) test. */
export const FAITHFULNESS_FRACTION = 0.2;

/** A path relative to the run's gallery folder, with forward slashes, that cannot leave it. */
const galleryPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !/^[A-Za-z]:/.test(p) && !p.split('/').some((part) => part === '..' || part === ''), {
    message: 'must be a relative path inside the gallery folder',
  });

const probability = z.number().min(0).max(1);
const classIndex = z.number().int().min(0);

export const classScoreSchema = z.object({ index: classIndex, name: z.string(), probability }).strict();
export type ClassScore = z.infer<typeof classScoreSchema>;

/** A crop box, normalised [y1, x1, y2, x2] (pixel centres, as tf.image.cropAndResize). */
export const boxSchema = z.tuple([probability, probability, probability, probability]);
export type Box = z.infer<typeof boxSchema>;

/** What one expert (or the baseline's backbone) saw and where it looked. */
export const galleryViewSchema = z
  .object({
    /** "expert1".."expert3" (mgecnn) or "backbone" (baseline). */
    name: z.string().min(1),
    /** The image this network saw: the input for the first, the previous expert's crop after that. */
    view: galleryPath,
    /** Its class activation map over what it saw, with the crop box it passed on drawn. */
    cam: galleryPath,
    /** The crop it passed on to the next expert (null for the last one and the baseline). */
    crop: galleryPath.nullable(),
    /** The crop box in its own view (null when it passed nothing on). */
    box: boxSchema.nullable(),
    /** This network's own top-1 prediction (its "cat" head for MGE-CNN experts). */
    prediction: classScoreSchema,
  })
  .strict();

export const galleryEntrySchema = z
  .object({
    /** Stable within the gallery, e.g. "0007"; file names start with it. */
    id: z.string().regex(/^[A-Za-z0-9_-]+$/),
    /** The dataset image (absolute path on the machine that trained). */
    source: z.string().min(1),
    /** The centre crop the model saw. */
    input: galleryPath,
    truth: z.object({ index: classIndex, name: z.string() }).strict(),
    predicted: z.object({ index: classIndex, name: z.string() }).strict(),
    /** Probability of the predicted class. */
    confidence: probability,
    correct: z.boolean(),
    /** Up to five classes, most probable first. */
    top5: z.array(classScoreSchema).min(1).max(5),
    /** MGE-CNN gate weights, one per expert, summing to 1 (null for the baseline). */
    gateWeights: z.array(probability).nullable(),
    /** The crop box each expert passed on, in its own view (empty for the baseline). */
    boxes: z.array(boxSchema),
    views: z.array(galleryViewSchema).min(1),
    /** The map of the whole model for the predicted class over the input (gate-weighted experts' maps in image coordinates). */
    modelCam: galleryPath,
    /** Deletion test: the predicted class's probability before and after blurring the top-20% region of modelCam. */
    faithfulness: z.object({ before: probability, after: probability, drop: z.number().min(-1).max(1) }).strict(),
  })
  .strict()
  .refine((e) => e.correct === (e.predicted.index === e.truth.index), { message: 'correct must say whether predicted equals truth', path: ['correct'] });
export type GalleryEntry = z.infer<typeof galleryEntrySchema>;

export const galleryIndexSchema = z
  .object({
    format: z.literal(GALLERY_FORMAT),
    createdAt: z.string(),
    /** The epoch whose weights the gallery explains (the model at the end of that epoch). */
    epoch: z.number().int().min(0),
    model: z.object({ name: z.string(), backbone: z.string(), imgSize: z.number().int().min(1), boxThreshold: z.number() }).strict(),
    classes: z.array(z.string()).min(1),
    cam: z
      .object({
        method: z.enum(CAM_METHODS),
        layer: z.enum(CAM_LAYERS),
        /** Every map explains the model's predicted class. */
        target: z.literal('predicted'),
        colormap: z.literal('turbo'),
        opacity: probability,
        imageFormat: z.enum(IMAGE_FORMATS),
      })
      .strict(),
    sample: z
      .object({
        split: z.enum(['test', 'val']),
        /** What was asked: a number of images or "all". */
        requested: z.union([z.number().int().min(1), z.literal('all')]),
        /** Images drawn (stratified by class, seeded). */
        drawn: z.number().int().min(0),
        seed: z.number().int(),
      })
      .strict(),
    faithfulness: z
      .object({
        metric: z.literal('blur-top-region-confidence-drop'),
        fraction: z.number().gt(0).lt(1),
        /** Mean drop over the entries (null when there are none). */
        meanDrop: z.number().nullable(),
      })
      .strict(),
    entries: z.array(galleryEntrySchema),
    /** Sampled images that could not be decoded. */
    skipped: z.array(z.object({ source: z.string(), reason: z.string() }).strict()),
  })
  .strict()
  .refine((g) => g.entries.every((e) => e.truth.index < g.classes.length && e.predicted.index < g.classes.length), {
    message: 'every class index must name one of the classes',
    path: ['entries'],
  });
export type GalleryIndex = z.infer<typeof galleryIndexSchema>;

/** The answer for one image given to `mge predict` (and, later, the app's Predict view). */
export interface ImagePrediction {
  /** The image file as given. */
  path: string;
  /** Most probable classes first. */
  top: ClassScore[];
  /** MGE-CNN gate weights (null for the baseline). */
  gateWeights: number[] | null;
  /** The crop box each expert passed on, in its own view. */
  boxes: Box[];
  /** Each network's own top-1 ("expert1".."expert3", or "backbone"). */
  views: Array<{ name: string; prediction: ClassScore }>;
  /** Overlay files written when asked (absolute paths): the whole model's map, then one per network. */
  camFiles?: { model: string; views: Record<string, string> };
}

/** An image that could not be predicted (unreadable, not an image): reported, never fatal for the others. */
export interface ImagePredictionError {
  path: string;
  error: string;
}

export type ImagePredictionResult = ImagePrediction | ImagePredictionError;

export function isPredictionError(result: ImagePredictionResult): result is ImagePredictionError {
  return 'error' in result;
}
