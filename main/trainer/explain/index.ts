// Class activation maps (issue 4): Grad-CAM, Grad-CAM++ and closed-form CAM for any registered model and
// target layer, the whole model's map, overlays, and the deletion (faithfulness) test.
export { CamMethod, GradCam, GradCamPlusPlus, ClosedFormCam, createCamMethod, type CamMethodInputs } from './cam-methods';
export { computeCam, type CamRequest } from './compute-cam';
export { classActivationMaps, type CamMaps, type CamMapsOptions } from './class-activation-maps';
export { explainableModel, disposeModelPass, checkCamLayer, type CamStream, type ExplainableModel, type ModelPass } from './streams';
export { compositeMap, composeBoxes, inverseBoxes, streamFrames } from './composite';
export { explainBatch, topClasses, type BatchExplanation, type ExplainOptions, type StreamExplanation } from './explain-batch';
export { confidenceDrop, topRegionMask, blurImages, blurMasked, type ConfidenceDrop } from './faithfulness';
export { TURBO, turbo } from './colormap';
export { overlayHeatmap, drawBox, denormalizeToRgb, DEFAULT_OPACITY, type RgbImage } from './overlay';
export { encodeImage, writeImageFile } from './encode-image';
export { renderExplanation, type RenderedExplanation, type RenderedView } from './render';
