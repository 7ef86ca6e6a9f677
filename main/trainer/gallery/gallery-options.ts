// What a gallery shows and how often it is written; every field has a default, so a run needs no config.
import { CAM_LAYERS, CAM_METHODS, IMAGE_FORMATS, type CamLayer, type CamMethodName, type ImageFormat } from '../../../shared/gallery';
import { DEFAULT_OPACITY } from '../explain/overlay';

export interface GalleryOptions {
  /** Test images shown (stratified by class; capped by the split's size), or "all". Default 64. */
  sampleSize: number | 'all';
  /** Also write a gallery after every N-th epoch (0: only at the end of training). Default 0. */
  every: number;
  method: CamMethodName;
  layer: CamLayer;
  /** Share of the heat map in the overlays (0..1). */
  opacity: number;
  format: ImageFormat;
  /** Images per forward pass. */
  batchSize: number;
}

export const DEFAULT_GALLERY_OPTIONS: GalleryOptions = {
  sampleSize: 64,
  every: 0,
  method: 'gradcam',
  layer: 'conv5',
  opacity: DEFAULT_OPACITY,
  format: 'png',
  batchSize: 16,
};

export function resolveGalleryOptions(given: Partial<GalleryOptions> = {}): GalleryOptions {
  const options = { ...DEFAULT_GALLERY_OPTIONS, ...given };
  const problems: string[] = [];
  if (options.sampleSize !== 'all' && (!Number.isInteger(options.sampleSize) || options.sampleSize < 1)) problems.push('sampleSize must be a whole number ≥ 1 or "all"');
  if (!Number.isInteger(options.every) || options.every < 0) problems.push('every must be a whole number ≥ 0');
  if (!CAM_METHODS.includes(options.method)) problems.push(`method must be one of ${CAM_METHODS.join(', ')}`);
  if (!CAM_LAYERS.includes(options.layer)) problems.push(`layer must be one of ${CAM_LAYERS.join(', ')}`);
  if (options.method === 'cam' && options.layer !== 'conv5') problems.push('the closed-form cam method needs layer conv5');
  if (!(options.opacity >= 0 && options.opacity <= 1)) problems.push('opacity must be between 0 and 1');
  if (!IMAGE_FORMATS.includes(options.format)) problems.push(`format must be one of ${IMAGE_FORMATS.join(', ')}`);
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) problems.push('batchSize must be a whole number ≥ 1');
  if (problems.length > 0) throw new Error(`Invalid gallery options: ${problems.join('; ')}`);
  return options;
}
