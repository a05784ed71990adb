/**
 * framewise — label every frame of a video with the event happening at that point, as the frames stream in.
 * Re-exports only: each name lives in the module named after it.
 */

// Data that flows between the stages, and typed errors.
export type { Frame, FeatureVector, FrameScores, LabelEvent, Segment, VideoInfo, FeatureSpec, ModelMeta, CellType, TruthFile, LabelInfo, LabelRole } from './types.js';
export { FramewiseError, InputError, DecodeError, ModelError, TruthError, UsageError, isUserError, type ErrorCode } from './errors.js';

// One-call entry points.
export { labelVideo, type LabelVideoOptions } from './api/labelVideo.js';
export { labelSegments } from './api/labelSegments.js';
export { events, type EventsOptions } from './api/events.js';
export { jsonlStream } from './api/jsonlStream.js';

// Stages, to build your own pipeline: source → decode → features → recurrent → labels → sinks.
export type { Source, FrameRequest } from './source/Source.js';
export { fileSource, type FileSourceOptions } from './source/fileSource.js';
export { streamSource, type StreamSourceOptions } from './source/streamSource.js';
export { deviceSource, type DeviceSourceOptions } from './source/deviceSource.js';
export { framesSource, type FramesSourceOptions } from './source/framesSource.js';
export { liveSource, LIVE_INPUT_ARGS, type LiveSource } from './source/liveSource.js';
export { deviceInput, listDevicesCommand } from './source/deviceInput.js';
export { decodeFrames, type DecodeOptions } from './decode/decodeFrames.js';
export { FlowControl } from './decode/FlowControl.js';
export { probeVideo } from './decode/probeVideo.js';
export { resolveFfmpeg, type ToolChoice } from './decode/ffmpegPath.js';
export { extractFeatures } from './features/extractFeatures.js';
export { FeatureExtractor } from './features/FeatureExtractor.js';
export { FEATURE_LAYOUTS } from './features/featureVersions.js';
export { FeatureLayout, type FeatureVersion } from './features/FeatureLayout.js';
export type { FeatureStage, StageWriter } from './features/FeatureStage.js';
export { DEFAULT_FEATURE_SPEC, FEATURE_VERSIONS, featureNames, featureSpecNamed } from './features/featureSpec.js';
export { labeller, type LabellerOptions } from './labeller/labeller.js';
export { labelFeatures } from './labeller/labelFeatures.js';
export { recurrentLabel } from './recurrent/recurrentLabel.js';
export { StreamRunner } from './recurrent/StreamRunner.js';
export { toLabels } from './labels/toLabels.js';
export { toSegments } from './labels/toSegments.js';
export { SegmentDecoder, DEFAULT_SEGMENT_DECODING, type SegmentDecoderOptions, type SegmentDecoding } from './labels/SegmentDecoder.js';
export { segmentsOf } from './labels/segmentsOf.js';
export { DEFAULT_LABELS, DEFAULT_LABEL_REGISTRY, GRADUAL_LABELS, IN_SHOT_LABELS } from './labels/defaultLabels.js';
export { LabelRegistry, labelRegistry, LABEL_ROLES, SHIPPED_LABEL_INFO } from './labels/labelRegistry.js';
export { createSink, type CreateSinkOptions } from './sinks/createSink.js';
export type { LabelSink, SinkFormat, SceneFormat, RunEnd } from './sinks/LabelSink.js';
export { jsonlSink, type JsonlOptions } from './sinks/jsonlSink.js';
export { segmentLinesSink } from './sinks/segmentLinesSink.js';
export { broadcastSink, type Broadcaster } from './sinks/broadcastSink.js';
export { callbackSink } from './sinks/callbackSink.js';
export { wholeRunSink } from './sinks/wholeRunSink.js';
export { sinkFormatOf } from './sinks/sinkFormatOf.js';
export { writeTo } from './sinks/writeTo.js';
export { sceneListSink, type SceneListSinkOptions } from './sinks/sceneListSink.js';

// Scenes: the scene list, timecodes, and the commands that act on scenes.
export type { Scene, SceneList, SceneTransition, EditKind } from './scenes/Scene.js';
export { scenesOf, type SceneOptions } from './scenes/scenesOf.js';
export { editTimeline, type EditClip } from './scenes/editTimeline.js';
export { frameRateOf, type FrameRate } from './scenes/FrameRate.js';
export { Timecode } from './scenes/Timecode.js';
export { labelScenes, type LabelScenesOptions } from '../pipelines/labelScenes.js';
export { splitScenes, type SplitScenesOptions, type SplitFile } from '../pipelines/splitScenes.js';
export { sceneImages, type SceneImagesOptions, type SceneImagesResult } from '../pipelines/sceneImages.js';
export { keepNewest, createQueueCounters, type QueueCounters } from './live/keepNewest.js';
export type { LiveServer } from './live/liveServer.js';

// Seeing the labels: HTML report, timeline PNG, overlay video.
export { writeReport, type WriteReportOptions } from '../pipelines/writeReport.js';
export { timelinePng } from './report/timelinePng.js';
export { writeOverlay } from './report/writeOverlay.js';

// Models: load, create, train, evaluate.
export { type Model, createModel } from './recurrent/model.js';
export { loadModel, saveModel } from './recurrent/modelFile.js';
export { withSensitivity, type Sensitivity } from './recurrent/withSensitivity.js';
export { importTorchModel } from './recurrent/importTorch.js';
export { ensembleModels } from './recurrent/ensembleModels.js';
export { trainModel as trainSequences, type Sequence, type TrainOptions, type EpochProgress } from './recurrent/trainModel.js';
export { loadTruth, parseTruth, frameTargets } from './dataset/truthFile.js';
export { DEFAULT_MODEL_PATH } from './packageRoot.js';

// Pipelines: the compositions the CLI runs, for reuse and as examples.
export { labelStream, DEFAULT_LIVE_QUEUE, type LabelRun } from '../pipelines/labelStream.js';
export { runLabelling, type RunOptions, type RunResult, type SinkContext, type SinkFactory } from '../pipelines/runLabelling.js';
export { labelFile, type LabelFileOptions } from '../pipelines/labelFile.js';
export { labelLive, type LabelLiveOptions } from '../pipelines/labelLive.js';
export { startLivePage as startLiveServer, type LivePageOptions as LiveServerOptions } from '../pipelines/livePage.js';
export { trainPipeline as trainModel, type TrainPipelineOptions } from '../pipelines/train.js';
export { evaluatePipeline as evaluate, type EvalReport, type ModelComparison } from '../pipelines/evaluate.js';

// Many videos, many machines: a label queue on Redis (BullMQ) and live events on Redis Streams.
export { enqueueVideos, type EnqueueOptions, type EnqueueResult, type EnqueuedVideo } from '../pipelines/enqueueVideos.js';
export { startWorker, type StartWorkerOptions } from '../pipelines/startWorker.js';
export type { QueueWorker, WorkerJobEvent } from './queue/queueWorker.js';
export type { LabelJobData, LabelJobProgress, LabelJobResult } from './queue/LabelJob.js';
export { LabelQueue, type QueueStatus, type FailedJob, type CompletedJob, type RetryPolicy } from './queue/LabelQueue.js';
export { readLabelEvents, type ReadLabelEventsOptions, type LabelEventReader, type LabelStreamEntry, type PublishedEvent } from './queue/readLabelEvents.js';
export { redisStreamSink, type RedisStreamSink, type RedisStreamSinkOptions, type PublishCounts } from './sinks/redisStreamSink.js';
