import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFfmpeg } from '@petamigos/core';
import type { TestKernel, TestUser } from '@petamigos/core/testing';

const run = promisify(execFile);

export const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

export const upload = (k: TestKernel, as: TestUser, body: Buffer, type = 'video/mp4') =>
  k.app.inject({ method: 'POST', url: '/api/feed/media', headers: { ...as.headers, 'content-type': type }, payload: body });

export const mediaOf = async (k: TestKernel, as: TestUser | null, id: string) => (await k.app.inject({ url: `/api/feed/media/${id}`, headers: as ? as.headers : {} })).json();

export const waitForStatus = async (k: TestKernel, as: TestUser, id: string, status: string) => {
  let last: { status?: string } = {};
  await until(`video ${id} ${status}`, async () => (last = await mediaOf(k, as, id)).status === status);
  return last as Record<string, any>;
};

/** A stored object, through the kernel's `/files` route, as a browser or an HLS player fetches it. */
export const fetchUrl = (k: TestKernel, url: string) => k.app.inject({ url: new URL(url).pathname + new URL(url).search });

export interface Clips {
  /** Where the clips live; removed by `cleanup`. */
  dir: string;
  /** 2 s, 320×240, H.264 + AAC. */
  short: Buffer;
  /** 1 s, portrait 240×320. */
  tall: Buffer;
  cleanup(): void;
}

/**
 * Short clips from ffmpeg's own generators, as core's video tests make them, or null when this
 * machine has no usable ffmpeg (the caller fails loudly: CI installs Debian's).
 */
export async function makeClips(): Promise<Clips | null> {
  const tools = await findFfmpeg();
  if (!tools || tools.missingEncoders.length > 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'feed-video-test-'));
  const clip = async (name: string, seconds: number, size: string) => {
    const file = join(dir, name);
    await run(tools.ffmpeg, [
      '-v', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`,
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
    ]);
    return readFileSync(file);
  };
  return { dir, short: await clip('short.mp4', 2, '320x240'), tall: await clip('tall.mp4', 1, '240x320'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const NO_FFMPEG = 'ffmpeg with libx264 and aac is required for the video tests (Debian: apt-get install ffmpeg)';
