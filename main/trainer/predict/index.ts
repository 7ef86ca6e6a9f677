// Predictions on new images with a run's best model or an exported model folder, and model export.
export { Predictor, type PredictOptions, type CamOutputOptions, type PredictorSource } from './predictor';
export { loadRunPredictor, readRunModelRecord, modelForRun } from './load-run';
export { exportModel, loadExportedPredictor, EXPORT_FILES, EXPORT_TOPOLOGY_FORMAT, type ExportResult } from './export-model';
export { prepareImage, preprocessingSpec, preprocessingSpecSchema, PREPROCESSING_FORMAT, type PreparedImage, type PreprocessingSpec } from './preprocessing';
export { listImages, IMAGE_EXTENSIONS } from './list-images';
