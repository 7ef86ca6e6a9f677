// A self-contained model folder: model.json (TensorFlow.js model artifacts: a topology that names this
// project's architecture + a weights manifest), weights.bin (tf.io weight encoding) and preprocessing.json.
//
// Honest about the format: the topology is not a Keras layers graph (MGE-CNN's crop chain, detached heads and
// gate are code, not layers), so stock tf.loadLayersModel cannot load it; any program with this project's
// model code can (loadExportedPredictor), and any tfjs program can read the weights with tf.io.decodeWeights.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { BACKBONE_NAMES, MODEL_NAMES } from '../../../shared/config';
import { AppFailure } from '../../../shared/result';
import { writeFileSynced } from '../../common/atomic-file';
import { writeFolderAtomically } from '../checkpoint/atomic-folder';
import { IMAGENET_MEAN, IMAGENET_STD } from '../data/transforms';
import { createModel } from '../models/registry';
import type { ClassifierModel, ModelConfig } from '../models/types';
import { preprocessingSpecSchema, type PreprocessingSpec } from './preprocessing';
import { Predictor } from './predictor';

export const EXPORT_FILES = { model: 'model.json', weights: 'weights.bin', preprocessing: 'preprocessing.json' } as const;
export const EXPORT_TOPOLOGY_FORMAT = 'mge-studio-model/1' as const;

const modelTopologySchema = z
  .object({
    format: z.literal(EXPORT_TOPOLOGY_FORMAT),
    /** createModel(name, config) rebuilds the architecture. */
    model: z.enum(MODEL_NAMES),
    config: z
      .object({
        numClasses: z.number().int().min(2),
        backbone: z.enum(BACKBONE_NAMES),
        imgSize: z.number().int().min(16),
        boxThreshold: z.number().gt(0).lt(1),
        diversityWeight: z.number().min(0),
        seed: z.number(),
      })
      .strict(),
    /** Every tensor of the model (parameters and BatchNorm running statistics), in manifest order. */
    tensors: z.array(z.string()),
  })
  .passthrough();

const modelJsonSchema = z
  .object({
    format: z.string(),
    generatedBy: z.string().optional(),
    convertedBy: z.string().nullable().optional(),
    modelTopology: modelTopologySchema,
    weightsManifest: z
      .array(
        z.object({
          paths: z.array(z.string()).min(1),
          weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.enum(['float32', 'int32']) }).passthrough()),
        }),
      )
      .length(1, { message: 'expected one weights group (weights.bin)' }),
    userDefinedMetadata: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export interface ExportResult {
  dir: string;
  files: string[];
  /** Bytes of weights.bin. */
  weightBytes: number;
  tensors: number;
}

/** Writes the predictor's model into `outDir` (atomically: a complete folder or none). */
export async function exportModel(predictor: Predictor, outDir: string, options: { overwrite?: boolean; metadata?: Record<string, unknown> } = {}): Promise<ExportResult> {
  const target = path.resolve(outDir);
  await checkTarget(target, options.overwrite ?? false);
  const { model, preprocessing } = predictor;
  const state = [...model.state()].map(([name, tensor]) => ({ name, tensor }));
  const { data, specs } = await tf.io.encodeWeights(state);
  const modelJson: tf.io.ModelJSON = {
    format: 'mge-studio',
    generatedBy: `MGE Studio (TensorFlow.js ${tf.version_core})`,
    convertedBy: null,
    modelTopology: { format: EXPORT_TOPOLOGY_FORMAT, model: model.name, config: modelConfigOf(model), tensors: state.map((s) => s.name) },
    weightsManifest: [{ paths: [EXPORT_FILES.weights], weights: specs }],
    userDefinedMetadata: { classes: preprocessing.classes, source: predictor.source, ...options.metadata },
  };
  await writeFolderAtomically(target, async (temp) => {
    await writeFileSynced(path.join(temp, EXPORT_FILES.weights), new Uint8Array(data));
    await writeFileSynced(path.join(temp, EXPORT_FILES.model), `${JSON.stringify(modelJson, null, 2)}\n`);
    await writeFileSynced(path.join(temp, EXPORT_FILES.preprocessing), `${JSON.stringify(preprocessing, null, 2)}\n`);
  });
  return { dir: target, files: Object.values(EXPORT_FILES), weightBytes: data.byteLength, tensors: state.length };
}

/** Refuses to replace anything but an earlier export, and that only when asked. */
async function checkTarget(target: string, overwrite: boolean): Promise<void> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) return;
  if (!stat.isDirectory()) throw new AppFailure('conflict', `${target} exists and is not a folder`);
  const entries = await fs.readdir(target);
  if (entries.length === 0) return;
  const isExport = existsSync(path.join(target, EXPORT_FILES.model)) && existsSync(path.join(target, EXPORT_FILES.preprocessing));
  if (!isExport) throw new AppFailure('conflict', `${target} is not empty and is not an exported model: choose an empty or new folder`);
  if (!overwrite) throw new AppFailure('conflict', `${target} already holds an exported model: pass --force to replace it`);
}

function modelConfigOf(model: ClassifierModel): ModelConfig {
  const { numClasses, backbone, imgSize, boxThreshold, diversityWeight, seed } = model.config;
  return { numClasses, backbone, imgSize, boxThreshold, diversityWeight, seed };
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppFailure('not-found', `${path.dirname(file)} is not an exported model: ${path.basename(file)} is missing`);
    throw new AppFailure('io-error', `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppFailure('damaged', `${what} ${file} is not valid JSON (${(error as Error).message})`);
  }
}

function damaged(file: string, error: z.ZodError): AppFailure {
  const issue = error.issues[0];
  return new AppFailure('damaged', `${file} is not a valid MGE Studio export (${issue.path.join('.') || '(file)'}: ${issue.message})`);
}

/** Rebuilds the model of an exported folder (createModel + weights by name) with its preprocessing. */
export async function loadExportedPredictor(dir: string): Promise<Predictor> {
  const root = path.resolve(dir);
  const modelFile = path.join(root, EXPORT_FILES.model);
  const parsedModel = modelJsonSchema.safeParse(await readJson(modelFile, 'model file'));
  if (!parsedModel.success) throw damaged(modelFile, parsedModel.error);
  const preprocessingFile = path.join(root, EXPORT_FILES.preprocessing);
  const parsedPre = preprocessingSpecSchema.safeParse(await readJson(preprocessingFile, 'preprocessing file'));
  if (!parsedPre.success) throw damaged(preprocessingFile, parsedPre.error);
  const { modelTopology, weightsManifest } = parsedModel.data;
  const preprocessing: PreprocessingSpec = parsedPre.data;
  checkPreprocessing(preprocessing, modelTopology.config.imgSize, modelTopology.config.numClasses, preprocessingFile);

  const group = weightsManifest[0];
  const weightsFile = path.join(root, group.paths[0]);
  if (path.dirname(weightsFile) !== root) throw new AppFailure('damaged', `${modelFile}: weights must sit beside model.json`);
  const bytes = await fs.readFile(weightsFile).catch((error: NodeJS.ErrnoException) => {
    throw new AppFailure(error.code === 'ENOENT' ? 'not-found' : 'io-error', `cannot read ${weightsFile}: ${error.message}`);
  });
  const model = createModel(modelTopology.model, modelTopology.config);
  let weights: tf.NamedTensorMap = {};
  try {
    const specs = group.weights as tf.io.WeightsManifestEntry[];
    const expectedBytes = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
    if (bytes.length !== expectedBytes) throw new Error(`${path.basename(weightsFile)} has ${bytes.length} bytes, the manifest describes ${expectedBytes}`);
    weights = tf.io.decodeWeights(new Uint8Array(bytes).buffer, specs);
    for (const [name, variable] of model.state()) {
      const value = weights[name];
      if (!value) throw new Error(`tensor ${name} is missing from the weights`);
      if (value.shape.join() !== variable.shape.join()) throw new Error(`${name} has shape [${value.shape}] but the model expects [${variable.shape}]`);
      variable.assign(value);
    }
  } catch (error) {
    model.dispose();
    throw new AppFailure('damaged', `${root}: the weights do not fit the model: ${(error as Error).message}`);
  } finally {
    tf.dispose(Object.values(weights));
  }
  return new Predictor(model, preprocessing, { kind: 'export', path: root, epoch: epochOf(parsedModel.data.userDefinedMetadata) });
}

function checkPreprocessing(spec: PreprocessingSpec, imgSize: number, numClasses: number, file: string): void {
  const same = (a: readonly number[], b: readonly number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-9);
  if (spec.imgSize !== imgSize) throw new AppFailure('damaged', `${file}: imgSize ${spec.imgSize} differs from the model's ${imgSize}`);
  if (spec.classes.length !== numClasses) throw new AppFailure('damaged', `${file}: ${spec.classes.length} class names for a model with ${numClasses} outputs`);
  if (!same(spec.mean, IMAGENET_MEAN) || !same(spec.std, IMAGENET_STD) || Math.abs(spec.scale - 1 / 255) > 1e-12) {
    throw new AppFailure('invalid-input', `${file}: only the ImageNet normalisation this app trains with is supported`);
  }
}

function epochOf(metadata: Record<string, unknown> | undefined): number | null {
  const source = metadata?.source as { epoch?: unknown } | undefined;
  return typeof source?.epoch === 'number' ? source.epoch : null;
}
