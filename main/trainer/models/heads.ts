// Shared head settings.

/** Weight std of the new classifier layers: small, so every cross-entropy starts at ≈ ln C. */
export const CLASSIFIER_INIT_STD = 0.01;
