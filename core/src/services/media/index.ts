/**
 * Media pipelines: pictures through sharp (in-process, always available), videos through the
 * system's ffmpeg (optional: without it the platform runs and refuses videos with FFMPEG_MISSING).
 * Both are plain functions over files and buffers; where the bytes come from and go to (uploads,
 * object storage) and when they run (a job) is the caller's business.
 */
export { MediaError, isMediaError, type MediaErrorCode } from './media-error.js';
export {
  processImage,
  DEFAULT_IMAGE_VARIANTS,
  DEFAULT_MAX_INPUT_PIXELS,
  type ImageVariant,
  type ImageVariantSpec,
  type ProcessedImage,
  type ProcessImageOptions,
} from './image.js';
export { findFfmpeg, requireFfmpeg, REQUIRED_ENCODERS, type FfmpegInstallation } from './ffmpeg.js';
export {
  probeVideo,
  ACCEPTED_DEMUXERS,
  DEFAULT_MAX_VIDEO_BYTES,
  DEFAULT_MAX_VIDEO_PIXELS,
  DEFAULT_MAX_VIDEO_SECONDS,
  type ProbeVideoOptions,
  type VideoInfo,
} from './probe.js';
export {
  planHls,
  hlsArguments,
  DEFAULT_HLS_LADDER,
  HLS_SEGMENT_SECONDS,
  type HlsCommand,
  type HlsOptions,
  type HlsPlan,
  type HlsRenditionSpec,
  type PlannedRendition,
} from './hls-command.js';
export { transcodeToHls, parseMasterPlaylist, type HlsRendition, type HlsResult, type TranscodeOptions } from './video.js';
