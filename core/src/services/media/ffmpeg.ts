import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { MediaError } from './media-error.js';

const run = promisify(execFile);

export interface FfmpegInstallation {
  /** Absolute path of the ffmpeg binary. */
  ffmpeg: string;
  ffprobe: string;
  /** As ffmpeg prints it: `5.1.6-0+deb12u1`, `7.1`, `N-118000-g…`. */
  version: string;
  /**
   * Encoders the HLS ladder needs that this build lacks (`libx264`, `aac`). Some distribution
   * builds leave libx264 out for licensing reasons; they run but cannot transcode.
   */
  missingEncoders: string[];
}

/** What the video pipeline encodes with; `findFfmpeg` reports any of them the build lacks. */
export const REQUIRED_ENCODERS = ['libx264', 'aac'] as const;

const found = new Map<string, Promise<FfmpegInstallation | null>>();

/**
 * Finds ffmpeg and ffprobe: at `configuredPath` when given (the ffmpeg binary, or a directory
 * holding both), otherwise on PATH. Returns null when either is missing or does not run, so the
 * platform starts without them and refuses videos with FFMPEG_MISSING.
 *
 * A configured path that is wrong gives null rather than falling back to PATH: an operator who
 * names a binary wants to hear that it is not there, not to run a different one unawares.
 * Successful look-ups are remembered for the life of the process; failures are not, so installing
 * ffmpeg takes effect on the next upload without a restart.
 */
export function findFfmpeg(configuredPath?: string): Promise<FfmpegInstallation | null> {
  const key = configuredPath ?? '';
  let pending = found.get(key);
  if (!pending) {
    pending = locate(configuredPath).then((installation) => {
      if (!installation) found.delete(key);
      return installation;
    });
    found.set(key, pending);
  }
  return pending;
}

/** `findFfmpeg`, or a MediaError an upload can be answered with. */
export async function requireFfmpeg(configuredPath?: string): Promise<FfmpegInstallation> {
  const installation = await findFfmpeg(configuredPath);
  if (!installation) {
    throw new MediaError('FFMPEG_MISSING', 'Video processing is not available on this server (ffmpeg is not installed).', {
      log: configuredPath ? `no runnable ffmpeg/ffprobe at ${configuredPath}` : 'no runnable ffmpeg/ffprobe on PATH',
    });
  }
  if (installation.missingEncoders.length > 0) {
    throw new MediaError('FFMPEG_MISSING', 'Video processing is not available on this server (ffmpeg lacks a required encoder).', {
      log: `${installation.ffmpeg} ${installation.version} lacks encoders: ${installation.missingEncoders.join(', ')}`,
    });
  }
  return installation;
}

async function locate(configuredPath: string | undefined): Promise<FfmpegInstallation | null> {
  const paths = configuredPath === undefined ? await onPath() : await configured(configuredPath);
  if (!paths) return null;
  try {
    const [ffmpegVersion, ffprobeVersion, encoders] = await Promise.all([
      run(paths.ffmpeg, ['-hide_banner', '-version'], { timeout: 10_000 }),
      run(paths.ffprobe, ['-hide_banner', '-version'], { timeout: 10_000 }),
      run(paths.ffmpeg, ['-hide_banner', '-encoders'], { timeout: 10_000, maxBuffer: 4 * 1024 * 1024 }),
    ]);
    if (!/ffprobe version/.test(ffprobeVersion.stdout)) return null;
    const version = /ffmpeg version (\S+)/.exec(ffmpegVersion.stdout)?.[1];
    if (!version) return null;
    const available = new Set(encoders.stdout.split('\n').map((line) => line.trim().split(/\s+/)[1]));
    return { ...paths, version, missingEncoders: REQUIRED_ENCODERS.filter((e) => !available.has(e)) };
  } catch {
    // Present but not runnable (wrong architecture, missing shared libraries, crash): as good as absent.
    return null;
  }
}

async function configured(path: string): Promise<{ ffmpeg: string; ffprobe: string } | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  const executable = process.platform === 'win32' ? '.exe' : '';
  const ffmpeg = info.isDirectory() ? join(path, `ffmpeg${executable}`) : path;
  // ffprobe ships next to ffmpeg under the same naming (ffmpeg-7 → ffprobe-7, ffmpeg.exe → ffprobe.exe).
  const ffprobe = info.isDirectory() ? join(path, `ffprobe${executable}`) : join(dirname(path), basename(path).replace(/ffmpeg/i, 'ffprobe'));
  if (ffprobe === ffmpeg) return null;
  return (await isExecutable(ffmpeg)) && (await isExecutable(ffprobe)) ? { ffmpeg, ffprobe } : null;
}

async function onPath(): Promise<{ ffmpeg: string; ffprobe: string } | null> {
  const ffmpeg = await which('ffmpeg');
  const ffprobe = await which('ffprobe');
  return ffmpeg && ffprobe ? { ffmpeg, ffprobe } : null;
}

async function which(name: string): Promise<string | null> {
  const suffixes = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const suffix of suffixes) {
      const candidate = join(dir, name + suffix);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
