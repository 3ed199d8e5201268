import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { requireFfmpeg, type FfmpegInstallation } from './ffmpeg.js';
import { MediaError } from './media-error.js';

const run = promisify(execFile);

export interface VideoInfo {
  durationSeconds: number;
  /** As displayed, i.e. after `rotation` is applied: a phone's portrait clip is taller than wide. */
  width: number;
  height: number;
  videoCodec: string;
  audioCodec: string | null;
  /** Degrees clockwise the stored picture is turned for display (phones record sideways): 0, 90, 180 or 270. */
  rotation: 0 | 90 | 180 | 270;
  /** Average frames per second, when the container says. */
  frameRate: number | null;
  sizeBytes: number;
}

export interface ProbeVideoOptions {
  /** Where ffmpeg lives (`media.ffmpegPath`); PATH when absent. ffprobe is looked for next to it. */
  ffmpegPath?: string;
  /** Default 600 (ten minutes). */
  maxDurationSeconds?: number;
  /** Default 2 GiB. */
  maxBytes?: number;
  /** Width × height; default 8K (8192 × 4320). */
  maxPixels?: number;
}

export const DEFAULT_MAX_VIDEO_SECONDS = 600;
export const DEFAULT_MAX_VIDEO_BYTES = 2 * 1024 ** 3;
export const DEFAULT_MAX_VIDEO_PIXELS = 8192 * 4320;

/*
 * The only containers ffprobe and ffmpeg may open. Without this list an uploaded "video" that is
 * really an HLS playlist or a concat script makes ffmpeg read other files on the server (or fetch
 * URLs) and encode their contents into the output the attacker then downloads. Names are matched
 * per comma-separated demuxer alias, so `mov` admits mp4/m4v/3gp and `matroska` admits webm.
 */
export const ACCEPTED_DEMUXERS = 'mov,matroska,avi,mpegts,mpeg,flv,asf,ogg';

/** Options that put every ffprobe/ffmpeg read of an upload inside the demuxer and protocol lists. */
export const SAFE_INPUT_OPTIONS: readonly string[] = ['-protocol_whitelist', 'file', '-format_whitelist', ACCEPTED_DEMUXERS];

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  avg_frame_rate?: string;
  tags?: Record<string, string>;
  disposition?: Record<string, number>;
  side_data_list?: Array<{ rotation?: number }>;
}

interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { duration?: string };
}

/**
 * Reads what a video is before any work is spent on it, and refuses what the platform will not
 * transcode: not a video (NOT_A_VIDEO), longer than allowed (TOO_LONG), larger on disk or in
 * resolution than allowed (TOO_LARGE); FFMPEG_MISSING when the server has no ffprobe.
 */
export async function probeVideo(path: string, options: ProbeVideoOptions = {}): Promise<VideoInfo> {
  const tools = await requireFfmpeg(options.ffmpegPath);
  const maxDurationSeconds = options.maxDurationSeconds ?? DEFAULT_MAX_VIDEO_SECONDS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_VIDEO_BYTES;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_VIDEO_PIXELS;

  // Checked before ffprobe runs: the size is free to know and a huge file should cost nothing.
  const sizeBytes = (await stat(path)).size;
  if (sizeBytes > maxBytes) {
    throw new MediaError('TOO_LARGE', `The video is ${megabytes(sizeBytes)} MB; at most ${megabytes(maxBytes)} MB are accepted.`, {
      details: { bytes: sizeBytes, maxBytes },
    });
  }

  const probe = await ffprobeJson(tools, path);
  const video = probe.streams?.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  // An audio file's cover art is a video stream too; attached_pic tells it apart.
  if (!video?.codec_name || !video.width || !video.height) throw notAVideo();
  const audio = probe.streams?.find((s) => s.codec_type === 'audio');

  let durationSeconds = positive(probe.format?.duration) ?? positive(video.duration);
  // Browser recordings (MediaRecorder WebM) carry no duration in the header: read packet
  // timestamps instead, no further than just past the limit so an endless file costs little.
  durationSeconds ??= await durationFromPackets(tools, path, maxDurationSeconds);
  if (durationSeconds === undefined) throw notAVideo();
  if (durationSeconds > maxDurationSeconds) {
    throw new MediaError('TOO_LONG', `The video is ${Math.round(durationSeconds)} s long; at most ${maxDurationSeconds} s are accepted.`, {
      details: { durationSeconds, maxDurationSeconds },
    });
  }

  const rotation = rotationOf(video);
  const sideways = rotation === 90 || rotation === 270;
  const width = sideways ? video.height : video.width;
  const height = sideways ? video.width : video.height;
  if (width * height > maxPixels) {
    throw new MediaError('TOO_LARGE', `The video is ${width} × ${height}; at most ${maxPixels} pixels per frame are accepted.`, {
      details: { width, height, maxPixels },
    });
  }
  return {
    durationSeconds: Math.round(durationSeconds * 1000) / 1000,
    width,
    height,
    videoCodec: video.codec_name,
    audioCodec: audio?.codec_name ?? null,
    rotation,
    frameRate: frameRate(video.avg_frame_rate),
    sizeBytes,
  };
}

async function ffprobeJson(tools: FfmpegInstallation, path: string): Promise<ProbeOutput> {
  try {
    const { stdout } = await run(
      tools.ffprobe,
      ['-v', 'error', ...SAFE_INPUT_OPTIONS, '-print_format', 'json', '-show_format', '-show_streams', path],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return JSON.parse(stdout) as ProbeOutput;
  } catch (error) {
    throw notAVideo(error);
  }
}

async function durationFromPackets(tools: FfmpegInstallation, path: string, maxDurationSeconds: number): Promise<number | undefined> {
  try {
    const { stdout } = await run(
      tools.ffprobe,
      ['-v', 'error', ...SAFE_INPUT_OPTIONS, '-read_intervals', `%+${maxDurationSeconds + 1}`, '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', path],
      { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
    );
    let end = 0;
    for (const line of stdout.split('\n')) {
      const [pts, duration] = line.split(',').map(Number);
      if (Number.isFinite(pts)) end = Math.max(end, pts! + (Number.isFinite(duration) ? duration! : 0));
    }
    return end > 0 ? end : undefined;
  } catch (error) {
    throw notAVideo(error);
  }
}

function rotationOf(stream: ProbeStream): VideoInfo['rotation'] {
  // ffprobe ≥ 5 reports the display matrix counter-clockwise; older builds a clockwise `rotate` tag.
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  const clockwise = matrix !== undefined ? -matrix : Number(stream.tags?.rotate ?? 0);
  const normalized = (((Math.round(clockwise / 90) * 90) % 360) + 360) % 360;
  return normalized as VideoInfo['rotation'];
}

function frameRate(ratio: string | undefined): number | null {
  const [num, den] = (ratio ?? '').split('/').map(Number);
  return num && den ? Math.round((num / den) * 1000) / 1000 : null;
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

function notAVideo(cause?: unknown): MediaError {
  return new MediaError('NOT_A_VIDEO', 'The file is not a video this site can read.', {
    cause,
    ...(cause instanceof Error && 'stderr' in cause ? { log: String(cause.stderr).slice(-2000) } : {}),
  });
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
