// Public API of the trainer's input pipeline: decoding, crops/normalisation, the decoded-image
// cache, the batch loader and the built-in synthetic dataset.

export { decodeImage, resizeShorterSideFor, ImageDecodeError, type DecodedImage, type DecodableSample } from './decode';
export {
  IMAGENET_MEAN,
  IMAGENET_STD,
  randomCropSpec,
  centerCropSpec,
  ensureMinSide,
  resizeBilinear,
  normaliseValue,
  writeNormalisedCrop,
  cropImage,
  type CropSpec,
} from './transforms';
export { ImageCache, imageCacheKey, DEFAULT_CACHE_BYTES, type ImageCacheOptions, type ImageCacheStats } from './image-cache';
export { DataLoader, type Batch, type DataLoaderOptions, type SkippedImage, type DecodeFn } from './data-loader';
export {
  generateSyntheticDataset,
  ensureSyntheticDataset,
  readSyntheticSamples,
  resolveSyntheticParams,
  syntheticDatasetKey,
  DEFAULT_SYNTHETIC_PARAMS,
  SYNTHETIC_GENERATOR_VERSION,
  SYNTHETIC_MANIFEST,
  type SyntheticParams,
  type SyntheticManifest,
  type SyntheticDataset,
} from './synthetic';
export { birdClasses, renderBird, MAX_SYNTHETIC_CLASSES, type BirdClass } from './synthetic-scene';
