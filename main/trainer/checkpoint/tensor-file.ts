// A folder of named tensors: manifest.json (names, shapes, dtypes, byte offsets) + tensors.bin (raw data).
// Written into a temporary folder and renamed into place, so a crash never leaves a half checkpoint.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileSynced } from '../../common/atomic-file';
import { writeFolderAtomically } from './atomic-folder';

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

export interface TensorFolderManifest<M> {
  format: 'mge-tensors/1';
  meta: M;
  tensors: TensorEntry[];
}

/** Writes `tensors` and `meta` to `target` atomically (replacing an existing folder). */
export async function writeTensorFolder<M>(target: string, tensors: Map<string, tf.Tensor>, meta: M): Promise<void> {
  const entries: TensorEntry[] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, tensor] of tensors) {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new Error(`cannot save ${name}: dtype ${tensor.dtype}`);
    const data = await tensor.data();
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    entries.push({ name, shape: tensor.shape, dtype: tensor.dtype, offset, length: bytes.length });
    chunks.push(bytes);
    offset += bytes.length;
  }
  const manifest: TensorFolderManifest<M> = { format: 'mge-tensors/1', meta, tensors: entries };
  await writeFolderAtomically(target, async (temp) => {
    await writeFileSynced(path.join(temp, 'tensors.bin'), Buffer.concat(chunks));
    await writeFileSynced(path.join(temp, 'manifest.json'), JSON.stringify(manifest));
  });
}

/** Reads a tensor folder; the caller owns (and must dispose) the returned tensors. */
export async function readTensorFolder<M>(source: string): Promise<{ meta: M; tensors: Map<string, tf.Tensor> }> {
  const manifest = JSON.parse(await fs.readFile(path.join(source, 'manifest.json'), 'utf8')) as TensorFolderManifest<M>;
  if (manifest.format !== 'mge-tensors/1') throw new Error(`${source}: unknown checkpoint format ${String(manifest.format)}`);
  const bin = await fs.readFile(path.join(source, 'tensors.bin'));
  const tensors = new Map<string, tf.Tensor>();
  for (const entry of manifest.tensors) {
    if (entry.offset + entry.length > bin.length) throw new Error(`${source}: tensors.bin is truncated (${entry.name})`);
    const slice = bin.subarray(entry.offset, entry.offset + entry.length);
    // Copy into an aligned buffer: typed arrays need offsets that are multiples of 4.
    const aligned = new Uint8Array(slice).buffer;
    const values = entry.dtype === 'int32' ? new Int32Array(aligned) : new Float32Array(aligned);
    tensors.set(entry.name, tf.tensor(values, entry.shape, entry.dtype));
  }
  return { meta: manifest.meta, tensors };
}
