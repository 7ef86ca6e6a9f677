import { describe, expect, it } from 'vitest';
import { stepLearningRates } from '../../../main/trainer/optim/step-lr';

describe('StepLR', () => {
  it('decays both groups by gamma every step of epochs (1-based epochs)', () => {
    const base = { head: 0.01, backbone: 0.001 };
    expect(stepLearningRates(base, 1, 30, 0.1)).toEqual(base);
    expect(stepLearningRates(base, 30, 30, 0.1)).toEqual(base);
    const at31 = stepLearningRates(base, 31, 30, 0.1);
    expect(at31.head).toBeCloseTo(0.001, 12);
    expect(at31.backbone).toBeCloseTo(0.0001, 12);
    expect(stepLearningRates(base, 61, 30, 0.1).head).toBeCloseTo(0.0001, 12);
  });
});
