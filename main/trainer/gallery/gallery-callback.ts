// The training callback that gives every run a gallery: at the end of a completed training (and, when asked,
// after every N-th epoch). A gallery that cannot be written is logged as a warning: it never fails a run
// whose training succeeded.
import path from 'node:path';
import type { DatasetSample } from '../../../shared/datasets';
import type { ImageCache } from '../data';
import type { TrainingCallback, TrainingContext } from '../training/callbacks';
import { resolveGalleryOptions, type GalleryOptions } from './gallery-options';
import { writeGallery, type WrittenGallery } from './write-gallery';

export const GALLERY_DIR = 'gallery';

export interface GalleryCallbackInput {
  runDir: string;
  /** The evaluation split. */
  samples: readonly DatasetSample[];
  split: 'test' | 'val';
  options?: Partial<GalleryOptions>;
  cache?: ImageCache | null;
  /** Told about every gallery written (tests, progress reporting). */
  onWritten?: (gallery: WrittenGallery) => void;
}

export function galleryCallback(input: GalleryCallbackInput): TrainingCallback {
  const options = resolveGalleryOptions(input.options);
  let lastEpochWritten: number | null = null;

  const write = async (epoch: number, context: TrainingContext): Promise<void> => {
    if (input.samples.length === 0 || lastEpochWritten === epoch) return;
    try {
      const written = await writeGallery({
        model: context.model,
        samples: input.samples,
        split: input.split,
        classes: context.classes,
        imgSize: context.config.imgSize,
        seed: context.config.seed,
        epoch,
        galleryDir: path.join(input.runDir, GALLERY_DIR),
        options,
        cache: input.cache,
      });
      lastEpochWritten = epoch;
      const { meanDrop } = written.index.faithfulness;
      context.log(
        'info',
        `gallery: ${written.index.entries.length} images (${options.method}) in ${GALLERY_DIR}/${written.folder}, ${written.seconds.toFixed(1)} s` +
          `${meanDrop === null ? '' : `; faithfulness (mean confidence drop, top ${written.index.faithfulness.fraction * 100}% blurred) ${meanDrop.toFixed(3)}`}`,
      );
      input.onWritten?.(written);
    } catch (error) {
      context.log('warn', `gallery for epoch ${epoch} not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return {
    async onEpochEnd({ position }, context) {
      if (options.every > 0 && position.epoch % options.every === 0) await write(position.epoch, context);
    },
    async onTrainEnd(result, context) {
      if (result.status === 'completed' && result.position.epoch > 0) await write(result.position.epoch, context);
    },
  };
}
