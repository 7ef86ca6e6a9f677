// Validation of run.json on read: a folder whose record fails it is listed as damaged, with the reason.
import { z } from 'zod';
import { RUN_STATUSES } from '../../../shared/runs';

// Loose on purpose: a run written by a newer version (extra keys) still opens; what the app needs must be there.
export const runRecordSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    createdAt: z.string().min(1),
    updatedAt: z.string().min(1),
    status: z.enum(RUN_STATUSES),
    config: z.looseObject({ dataset: z.string(), model: z.string(), epochs: z.number() }),
    dataset: z.looseObject({ fingerprint: z.string(), classes: z.array(z.string()) }).nullable(),
    versions: z.looseObject({ app: z.string() }),
  })
  .loose();

export const runSummarySchema = z
  .object({
    testAccuracy: z.number(),
    top5Accuracy: z.number(),
    epochs: z.number(),
  })
  .loose();

export function describeSchemaError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message.replace(/^Invalid input: expected \w+, received undefined$/, 'missing')}`)
    .join('; ');
}
