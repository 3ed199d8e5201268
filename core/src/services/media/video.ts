import { access, mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import ffmpeg, { type FfmpegCommand } from 'fluent-ffmpeg';
import { requireFfmpeg, type FfmpegInstallation } from './ffmpeg.js';
import { planHls, type HlsCommand, type HlsOptions } from './hls-command.js';
import { MediaError } from './media-error.js';
import { probeVideo, type ProbeVideoOptions, type VideoInfo } from './probe.js';

export { probeVideo, type ProbeVideoOptions, type VideoInfo } from './probe.js';

export interface TranscodeOptions extends HlsOptions, ProbeVideoOptions {
  /** 0–100, rising, at most twice a second; 100 once every file is written. */
  onProgress?: (percent: number) => void;
  /** Stops ffmpeg (SIGKILL) and rejects with the signal's reason: worker shutdown, job cancelled. */
  signal?: AbortSignal;
  /** What `probeVideo` already said about `input`, to spare a second ffprobe run. */
  probe?: VideoInfo;
}

export interface HlsRendition {
  name: string;
  /** The rung (short side), as in `HlsRenditionSpec.height`. */
  height: number;
  /** The encoded picture, from the master playlist. */
  resolution: { width: number; height: number };
  /** Absolute path of the rendition's playlist. */
  playlist: string;
  /** Peak bits per second as the master playlist advertises it. */
  bandwidth: number;
}

export interface HlsResult {
  /** Absolute path; every URI inside it and inside the rendition playlists is relative. */
  masterPlaylist: string;
  renditions: HlsRendition[];
  /** Absolute path of a JPEG frame from early in the video. */
  thumbnail: string;
  durationSeconds: number;
  /** Every file written, relative to `outDir`: what to upload to object storage. */
  files: string[];
}

/**
 * Transcodes a video into an HLS ladder in `outDir` (created if needed; give each video a fresh
 * one, files of an earlier run are overwritten but never removed). One ffmpeg process decodes the
 * source once and encodes every rung and the thumbnail from that decode. Checks the source with
 * `probeVideo` first (unless `probe` is given), so the limits in the options apply.
 */
export async function transcodeToHls(input: string, outDir: string, options: TranscodeOptions = {}): Promise<HlsResult> {
  const tools = await requireFfmpeg(options.ffmpegPath);
  const video = options.probe ?? (await probeVideo(input, options));
  const plan = planHls(resolve(input), video, options);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });

  const report = monotonic(options.onProgress);
  await runFfmpeg(tools, plan.command, dir, video.durationSeconds, report, options.signal);

  const master = await readFile(join(dir, plan.masterPlaylist), 'utf8').catch((error: unknown) => {
    throw new MediaError('TRANSCODE_FAILED', 'The video could not be converted.', { cause: error, log: 'ffmpeg wrote no master playlist' });
  });
  const advertised = parseMasterPlaylist(master);
  const renditions = plan.renditions.map((r) => {
    const entry = advertised.get(r.playlist);
    if (!entry) throw new MediaError('TRANSCODE_FAILED', 'The video could not be converted.', { log: `master playlist lacks ${r.playlist}:\n${master}` });
    return { name: r.name, height: r.height, resolution: entry.resolution, playlist: join(dir, r.playlist), bandwidth: entry.bandwidth };
  });
  // A source whose video ends before its audio can leave the thumbnail branch without a frame.
  await access(join(dir, plan.thumbnail)).catch((error: unknown) => {
    throw new MediaError('TRANSCODE_FAILED', 'The video could not be converted.', { cause: error, log: 'ffmpeg wrote no thumbnail' });
  });
  const files = (await readdir(dir)).sort();
  report(100);
  return { masterPlaylist: join(dir, plan.masterPlaylist), renditions, thumbnail: join(dir, plan.thumbnail), durationSeconds: video.durationSeconds, files };
}

function runFfmpeg(tools: FfmpegInstallation, command: HlsCommand, cwd: string, durationSeconds: number, report: (percent: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolvePromise, reject) => {
    signal?.throwIfAborted();
    const run = fluentCommand(command, cwd, tools.ffmpeg);

    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolvePromise();
      else reject(error);
    };
    const onAbort = () => {
      run.kill('SIGKILL');
      finish(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    // ffmpeg's own stats line, rather than fluent-ffmpeg's 'progress' event, which would run a
    // second ffprobe of the input just to learn the duration we already have.
    run.on('stderr', (line: string) => {
      const time = /time=(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(line);
      if (!time || time[1] === '-' || durationSeconds <= 0) return;
      const seconds = Number(time[2]) * 3600 + Number(time[3]) * 60 + Number(time[4]);
      try {
        // 100 is kept for when the playlists are checked, so a caller never sees 100 then a failure.
        report(Math.min(99, (seconds / durationSeconds) * 100));
      } catch (error) {
        run.kill('SIGKILL');
        finish(error);
      }
    });
    run.on('error', (error: Error & { code?: string }, _stdout, stderr) => {
      if (settled) return;
      if (error.code === 'ENOENT') {
        finish(new MediaError('FFMPEG_MISSING', 'Video processing is not available on this server (ffmpeg is not installed).', { cause: error, log: `${tools.ffmpeg} vanished` }));
        return;
      }
      finish(new MediaError('TRANSCODE_FAILED', 'The video could not be converted.', { cause: error, log: tail(stderr ?? error.message) }));
    });
    run.on('end', () => finish());
    run.run();
  });
}

/**
 * The fluent-ffmpeg command for an `HlsCommand`; its arguments are exactly `hlsArguments(command)`
 * (the video test holds the two together, the bench relies on it).
 */
export function fluentCommand(command: HlsCommand, cwd: string, ffmpegPath: string): FfmpegCommand {
  const run = ffmpeg({ cwd, stdoutLines: 200 });
  // fluent-ffmpeg keeps this path in a module-wide cache, not on the command: one process uses
  // one ffmpeg, which is what `media.ffmpegPath` configures anyway.
  run.setFfmpegPath(ffmpegPath);
  // Spread, never an array: given an array, fluent-ffmpeg splits any element with exactly one
  // space in two, which would cut a two-rung -var_stream_map in half.
  run.input(command.input).inputOptions(...command.inputOptions);
  run.complexFilter(command.complexFilter);
  for (const output of command.outputs) run.output(output.target).outputOptions(...output.options);
  return run;
}

/** Turns raw progress into what a progress bar wants: rounded, never going backwards. */
function monotonic(onProgress: ((percent: number) => void) | undefined): (percent: number) => void {
  let last = -1;
  return (percent) => {
    const rounded = Math.round(percent * 10) / 10;
    if (!onProgress || rounded <= last) return;
    last = rounded;
    onProgress(rounded);
  };
}

interface MasterEntry {
  bandwidth: number;
  resolution: { width: number; height: number };
}

/** Variant URI → what `#EXT-X-STREAM-INF` says about it. */
export function parseMasterPlaylist(text: string): Map<string, MasterEntry> {
  const entries = new Map<string, MasterEntry>();
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  lines.forEach((line, i) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
    const uri = lines.slice(i + 1).find((l) => l !== '' && !l.startsWith('#'));
    if (!uri) return;
    const bandwidth = Number(/(?:^|[:,])BANDWIDTH=(\d+)/.exec(line)?.[1] ?? 0);
    const [, width, height] = /RESOLUTION=(\d+)x(\d+)/.exec(line) ?? [];
    entries.set(uri, { bandwidth, resolution: { width: Number(width ?? 0), height: Number(height ?? 0) } });
  });
  return entries;
}

function tail(text: string): string {
  return text.length > 4000 ? text.slice(-4000) : text;
}
