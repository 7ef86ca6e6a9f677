// RGB buffers → PNG or WebP files (sharp), written atomically so a reader never sees half an image.
import sharp from 'sharp';
import type { ImageFormat } from '../../../shared/gallery';
import { writeFileAtomic } from '../../common/atomic-file';
import type { RgbImage } from './overlay';

export async function encodeImage(image: RgbImage, format: ImageFormat): Promise<Buffer> {
  const pipeline = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 3 },
  });
  // Lossless WebP: overlays are small and colour fidelity matters more than a few bytes.
  return format === 'png' ? pipeline.png().toBuffer() : pipeline.webp({ lossless: true }).toBuffer();
}

export async function writeImageFile(file: string, image: RgbImage, format: ImageFormat): Promise<void> {
  await writeFileAtomic(file, await encodeImage(image, format));
}
