import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { findFfmpeg, probeVideo, processImage, transcodeToHls } from '@petamigos/core';
// Not part of the kernel's public surface; imported from its build like pglite-cluster.ts does
// (the same module files the package entry loads, so one instance of each).
import { DEFAULT_IMAGE_VARIANTS, hlsArguments, planHls, type FfmpegInstallation } from '../../core/dist/services/media/index.js';

const run = promisify(execFile);

/** One media figure: the kernel pipeline next to the bare library doing the same work, same run. */
export interface MediaFigure {
  figure: string;
  ours: number;
  baseline: number;
  unit: string;
  /** Raw samples, for the JSON file. */
  detail?: Record<string, unknown>;
}

export interface MediaBenchOptions {
  /** Progress lines; stderr by default, like the rest of the bench. */
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Why a figure was left out (no ffmpeg); the log by default. */
  note?: (message: string) => void;
  /** Where the scratch folder goes (default the system temp folder); it is removed at the end. */
  parentDir?: string;
}

/** Each side processes the photo this many times; the sides take turns. */
const IMAGE_RUNS = 10;

/**
 * (a) images/s through `processImage` against bare sharp doing the same three WebP resizes from
 * one clone()d pipeline, on a generated 12 MP JPEG; (b) wall time of `transcodeToHls` on a
 * generated 1080 × 1920 portrait clip (`BENCH_VIDEO_SECONDS`, default 60) against spawning ffmpeg
 * with the very same arguments, `BENCH_VIDEO_RUNS` times each (default 1, median reported; a run of
 * the default clip takes about a minute per side on 2 cores). Without ffmpeg the video figure is
 * left out and says so in the log.
 */
export async function benchMedia(options: MediaBenchOptions = {}): Promise<MediaFigure[]> {
  const log = options.log ?? ((message: string) => process.stderr.write(`bench: ${message}\n`));
  const env = options.env ?? process.env;
  const videoSeconds = positiveNumber(env, 'BENCH_VIDEO_SECONDS', 60);
  const videoRuns = Math.ceil(positiveNumber(env, 'BENCH_VIDEO_RUNS', 1));
  const dir = mkdtempSync(options.parentDir ? join(options.parentDir, 'media-') : join(tmpdir(), 'petamigos-bench-media-'));
  try {
    const figures = [await imageFigure(log)];
    const tools = await findFfmpeg();
    if (!tools || tools.missingEncoders.length > 0) {
      (options.note ?? log)(`media: video figure skipped: ${tools ? `ffmpeg lacks ${tools.missingEncoders.join(', ')}` : 'ffmpeg/ffprobe not found on PATH'}`);
    } else {
      figures.push(await videoFigure(tools, dir, videoSeconds, videoRuns, log));
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function imageFigure(log: (message: string) => void): Promise<MediaFigure> {
  log('media: generating a 12 MP photo');
  const photo = await twelveMegapixelPhoto();
  const widths = DEFAULT_IMAGE_VARIANTS.map((v) => v.width);
  // The same work on both sides: three WebP outputs, no JPEG fallback (that would be a fourth).
  const ours = () => processImage(photo, { jpegFallback: false });
  const baseline = () => {
    const source = sharp(photo).rotate();
    return Promise.all(widths.map((width) => source.clone().resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer()));
  };
  await ours();
  await baseline();
  log(`media: ${IMAGE_RUNS} images per side, taking turns`);
  let oursMs = 0;
  let baselineMs = 0;
  for (let i = 0; i < IMAGE_RUNS; i++) {
    oursMs += await timed(ours);
    baselineMs += await timed(baseline);
  }
  return {
    figure: 'image: 12 MP JPEG → 3 WebP variants',
    ours: round((IMAGE_RUNS * 1000) / oursMs),
    baseline: round((IMAGE_RUNS * 1000) / baselineMs),
    unit: 'images/s',
  };
}

async function videoFigure(tools: FfmpegInstallation, dir: string, seconds: number, runs: number, log: (message: string) => void): Promise<MediaFigure> {
  log(`media: generating a ${seconds} s 1080×1920 clip`);
  const clip = join(dir, 'portrait.mp4');
  await generateClip(tools, clip, '1080x1920', seconds);
  // Pays the one-off costs a long-running worker pays once (finding ffmpeg, fluent-ffmpeg's
  // capability listing) on a short clip, so the timed runs compare transcoding with transcoding.
  const warmup = join(dir, 'warmup.mp4');
  await generateClip(tools, warmup, '1080x1920', 1);
  await transcodeToHls(warmup, join(dir, 'warmup-ours'));
  await rawFfmpeg(tools, hlsArguments(planHls(warmup, await probeVideo(warmup)).command), join(dir, 'warmup-baseline'));

  // Planned outside the timing: the baseline is ffmpeg alone, so the figure shows everything the
  // pipeline adds around it (probe, plan, fluent-ffmpeg, progress parsing, playlist checks).
  const args = hlsArguments(planHls(clip, await probeVideo(clip)).command);
  const oursMs: number[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ours = async () => {
      log(`media: transcoding through transcodeToHls (${i + 1}/${runs})`);
      oursMs.push(await timed(() => transcodeToHls(clip, join(dir, `ours-${i}`), { onProgress: () => {} })));
    };
    const baseline = async () => {
      log(`media: transcoding with the same ffmpeg arguments, spawned directly (${i + 1}/${runs})`);
      baselineMs.push(await timed(() => rawFfmpeg(tools, args, join(dir, `baseline-${i}`))));
    };
    // Every other run the baseline goes first, so with several runs neither side always gets the
    // machine in the state the other left it in.
    if (i % 2 === 0) {
      await ours();
      await baseline();
    } else {
      await baseline();
      await ours();
    }
    // Each ladder of a 60 s clip is some 40 MB; keep the temp dir from growing with the runs.
    rmSync(join(dir, `ours-${i}`), { recursive: true, force: true });
    rmSync(join(dir, `baseline-${i}`), { recursive: true, force: true });
  }
  return {
    figure: `video: ${seconds} s 1080×1920 → HLS 480p/720p/1080p`,
    ours: round(median(oursMs)),
    baseline: round(median(baselineMs)),
    unit: 'ms',
    detail: { runs, oursMs: oursMs.map(round), baselineMs: baselineMs.map(round) },
  };
}

/** ffmpeg as the baseline runs it: the given arguments, the output directory as working directory. */
async function rawFfmpeg(tools: FfmpegInstallation, args: string[], outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(tools.ffmpeg, args, { cwd: outDir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    // Drained, as fluent-ffmpeg drains it: an unread pipe would stall ffmpeg once it fills.
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${stderr}`))));
  });
}

async function generateClip(tools: FfmpegInstallation, file: string, size: string, seconds: number): Promise<void> {
  await run(tools.ffmpeg, [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
    file,
  ]);
}

/**
 * A photo-like 12 MP JPEG: smooth shapes from upscaled noise, at phone-camera quality. Pure noise
 * would make WebP encoding several times slower than any real photo and hide the pipeline's cost.
 */
async function twelveMegapixelPhoto(): Promise<Buffer> {
  const blobs = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
  return sharp(blobs).resize(4000, 3000, { kernel: 'cubic' }).jpeg({ quality: 90 }).toBuffer();
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, found "${raw}"`);
  return value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (n: number): number => Math.round(n * 100) / 100;
