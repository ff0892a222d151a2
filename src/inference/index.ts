/**
 * What the app (and any other caller outside src/inference) may use: load an
 * ensemble, run it, pick and watch the tfjs backend. The modules behind it are
 * free to change; an ESLint rule keeps src/app on this file.
 */
export {
  Ensemble,
  FacePipeline,
  loadEnsemble,
  loadFacePipeline,
  type EnsembleOptions,
  type EnsembleSource,
  type FaceFeatures,
  type FaceResult,
  type FeatureOptions,
  type MemberPrediction,
  type PipelineParts,
} from './ensemble';
export type { FaceRequest, FeatureMember } from './forward';
export { faceBoxOf, type DetectOptions, type Detection } from './detector';
export {
  BACKENDS,
  BackendError,
  initBackend,
  watchActiveBackend,
  type BackendAttempt,
  type BackendName,
  type WasmRuntime,
} from './backend';
export { tensorMemory } from './memory';
export {
  ModelIntegrityError,
  ModelLoadError,
  urlModelSource,
  verifiedUrlModelSource,
  type ModelSource,
} from './modelSource';
