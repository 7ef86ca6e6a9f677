// Messages between the API service and its prediction child (predict-child.ts), validated on receipt.
import { z } from 'zod';
import { BACKEND_NAMES } from '../../../shared/config';
import { CAM_METHODS } from '../../../shared/gallery';
import { ERROR_CODES } from '../../../shared/result';

export const predictRequestSchema = z.object({
  type: z.literal('predict'),
  runDir: z.string(),
  /** Image files or folders, absolute. */
  inputs: z.array(z.string()).min(1),
  top: z.number().int().min(1),
  cam: z.object({ dir: z.string(), method: z.enum(CAM_METHODS).optional() }).nullable(),
  backend: z.enum(BACKEND_NAMES),
});
export type PredictRequest = z.infer<typeof predictRequestSchema>;

const classScore = z.object({ index: z.number().int(), name: z.string(), probability: z.number() });

export const predictReplySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    epoch: z.number().int().nullable(),
    backend: z.string(),
    predictions: z.array(
      z.union([
        z.object({ path: z.string(), error: z.string() }),
        z.object({
          path: z.string(),
          top: z.array(classScore),
          gateWeights: z.array(z.number()).nullable(),
          boxes: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])),
          views: z.array(z.object({ name: z.string(), prediction: classScore })),
          camFiles: z.object({ model: z.string(), views: z.record(z.string(), z.string()) }).optional(),
        }),
      ]),
    ),
  }),
  z.object({ type: z.literal('error'), code: z.enum(ERROR_CODES), message: z.string() }),
]);
export type PredictReply = z.infer<typeof predictReplySchema>;
