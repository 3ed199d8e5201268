import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import t from 'tap';
import {
  findFfmpeg,
  hlsArguments,
  MediaError,
  planHls,
  probeVideo,
  transcodeToHls,
  type FfmpegInstallation,
  type VideoInfo,
} from '../../src/services/media/index.js';
import { fluentCommand } from '../../src/services/media/video.js';

const run = promisify(execFile);

async function rejection(promise: Promise<unknown>): Promise<MediaError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MediaError) return error;
    throw error;
  }
  throw new Error('expected a MediaError, got a result');
}

// Not skipped when ffmpeg is absent: video is a feature, and a machine that cannot test it should
// say so loudly (CI installs Debian's ffmpeg in .ci/run).
const tools = await findFfmpeg();
if (!tools) {
  t.fail('ffmpeg and ffprobe are required for the video tests and were not found on PATH; install them (Debian: apt-get install ffmpeg)');
} else if (tools.missingEncoders.length > 0) {
  t.fail(`${tools.ffmpeg} (${tools.version}) lacks encoders the video pipeline needs: ${tools.missingEncoders.join(', ')}`);
} else {
  videoTests(tools);
}

function videoTests(tools: FfmpegInstallation): void {
  const dir = mkdtempSync(join(tmpdir(), 'media-video-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  /** A test clip from ffmpeg's own generators; ultrafast because the clip is input, not output. */
  const clip = async (name: string, { size, seconds, audio = true }: { size: string; seconds: number; audio?: boolean }) => {
    const file = join(dir, name);
    await run(tools.ffmpeg, [
      '-v', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`,
      ...(audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : []),
      '-t', String(seconds),
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      ...(audio ? ['-c:a', 'aac'] : []),
      file,
    ]);
    return file;
  };
  const streamsOf = async (file: string) => {
    const { stdout } = await run(tools.ffprobe, ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height', '-of', 'json', file]);
    return (JSON.parse(stdout) as { streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }> }).streams;
  };
  const segmentsOf = (playlist: string) => {
    const text = readFileSync(playlist, 'utf8');
    const durations = [...text.matchAll(/#EXTINF:([\d.]+),/g)].map((m) => Number(m[1]));
    const uris = text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    return { text, durations, uris };
  };

  const clip1080 = clip('landscape-1080p.mp4', { size: '1920x1080', seconds: 10 });

  t.test('a 10 s 1080p clip becomes a 480p/720p/1080p HLS ladder in one ffmpeg run', async (t) => {
    const source = await clip1080;
    const info = await probeVideo(source);
    t.match(info, { width: 1920, height: 1080, videoCodec: 'h264', audioCodec: 'aac', rotation: 0, frameRate: 30 });
    t.ok(Math.abs(info.durationSeconds - 10) < 0.1, `duration ${info.durationSeconds}`);

    const out = join(dir, 'ladder');
    const progress: number[] = [];
    const started = performance.now();
    const result = await transcodeToHls(source, out, { onProgress: (p) => progress.push(p) });
    t.comment(`1080p ladder of a 10 s clip: ${Math.round(performance.now() - started)} ms`);

    t.equal(result.masterPlaylist, join(out, 'master.m3u8'));
    t.ok(Math.abs(result.durationSeconds - 10) < 0.1);
    t.same(result.renditions.map((r) => [r.name, r.height, r.resolution.width, r.resolution.height]), [
      ['480p', 480, 854, 480],
      ['720p', 720, 1280, 720],
      ['1080p', 1080, 1920, 1080],
    ]);
    const bandwidths = result.renditions.map((r) => r.bandwidth);
    t.ok(bandwidths[0]! > 1_000_000 && bandwidths[0]! < bandwidths[1]! && bandwidths[1]! < bandwidths[2]!, `bandwidths rise with the rung: ${bandwidths}`);

    const master = readFileSync(result.masterPlaylist, 'utf8');
    t.equal(master.match(/#EXT-X-STREAM-INF:/g)?.length, 3, 'master lists three variants');
    for (const r of result.renditions) {
      t.match(master, `${basename(r.playlist)}`, `master points at ${r.name}`);
      t.equal(dirname(r.playlist), out);
      const { text, durations, uris } = segmentsOf(r.playlist);
      t.match(text, /#EXT-X-PLAYLIST-TYPE:VOD/, `${r.name} is VOD`);
      t.match(text, /#EXT-X-ENDLIST/, `${r.name} is complete`);
      t.match(text, /#EXT-X-TARGETDURATION:4\b/, `${r.name} targets 4 s`);
      t.equal(durations.length, 3, `${r.name}: 3 segments (${durations})`);
      t.ok(durations.every((d) => d <= 4.1), `${r.name}: no segment over 4 s (${durations})`);
      t.ok(Math.abs(durations[0]! - 4) < 0.05 && Math.abs(durations[1]! - 4) < 0.05, `${r.name}: keyframes every 4 s make segments exact (${durations})`);
      t.ok(Math.abs(durations.reduce((a, b) => a + b, 0) - 10) < 0.2, `${r.name}: segments add up to the clip`);
      t.same(uris.map((u) => result.files.includes(u)), [true, true, true], `${r.name}: segments are among the files`);
    }

    const segment = join(out, segmentsOf(result.renditions[1]!.playlist).uris[1]!);
    const streams = await streamsOf(segment);
    t.same(streams.map((s) => s.codec_name).sort(), ['aac', 'h264'], 'a segment decodes as H.264 + AAC');
    t.match(streams.find((s) => s.codec_type === 'video'), { width: 1280, height: 720 });
    // Decoding every frame, not just reading headers: a broken segment fails here.
    await run(tools.ffmpeg, ['-v', 'error', '-xerror', '-i', segment, '-f', 'null', '-']);

    const thumbnail = readFileSync(result.thumbnail);
    t.same([...thumbnail.subarray(0, 3)], [0xff, 0xd8, 0xff], 'thumbnail starts like a JPEG');
    t.match(await sharp(thumbnail).metadata(), { format: 'jpeg', width: 1280, height: 720 });

    t.ok(progress.length >= 3, `progress reported ${progress.length} times: ${progress}`);
    t.ok(progress.every((p, i) => i === 0 || p > progress[i - 1]!), 'progress only rises');
    t.ok(progress.some((p) => p > 0 && p < 100), 'progress passes through the middle');
    t.equal(progress.at(-1), 100, 'progress ends at 100');
    t.same(result.files.filter((f) => !f.endsWith('.ts')), ['1080p.m3u8', '480p.m3u8', '720p.m3u8', 'master.m3u8', 'thumbnail.jpg']);
  });

  t.test('a 480p source gets only the 480p rung', async (t) => {
    const source = await clip('landscape-480p.mp4', { size: '854x480', seconds: 3 });
    const result = await transcodeToHls(source, join(dir, 'only-480'));
    t.same(result.renditions.map((r) => [r.name, r.resolution.width, r.resolution.height]), [['480p', 854, 480]]);
    t.equal(readFileSync(result.masterPlaylist, 'utf8').match(/#EXT-X-STREAM-INF:/g)?.length, 1);
  });

  t.test('a sideways phone clip without audio, smaller than every rung', async (t) => {
    // Stored 640 × 360 with a display matrix: shown as a 360 × 640 portrait, as phones record.
    const stored = await clip('sideways.mp4', { size: '640x360', seconds: 3, audio: false });
    const source = join(dir, 'portrait-rotated.mp4');
    // The tag becomes a display matrix only on a stream copy; an encode drops it.
    await run(tools.ffmpeg, ['-v', 'error', '-y', '-i', stored, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', source]);
    const info = await probeVideo(source);
    // ffmpeg 5+ writes this tag as a counter-clockwise matrix, i.e. 270° clockwise for display.
    t.match(info, { width: 360, height: 640, audioCodec: null, rotation: 270 });
    const result = await transcodeToHls(source, join(dir, 'portrait'), { probe: info });
    t.same(result.renditions.map((r) => [r.name, r.height, r.resolution.width, r.resolution.height]), [['360p', 360, 360, 640]], 'one rung at its own size, upright');
    const segment = join(dirname(result.masterPlaylist), segmentsOf(result.renditions[0]!.playlist).uris[0]!);
    t.same((await streamsOf(segment)).map((s) => [s.codec_name, s.width, s.height]), [['h264', 360, 640]], 'video only, decoded upright');
    t.match(await sharp(result.thumbnail).metadata(), { format: 'jpeg', width: 360, height: 640 });
  });

  t.test('portrait sources compare their short side with the rungs', async (t) => {
    const portrait: VideoInfo = { durationSeconds: 60, width: 1080, height: 1920, videoCodec: 'h264', audioCodec: 'aac', rotation: 0, frameRate: 30, sizeBytes: 1 };
    const plan = planHls('/videos/in.mp4', portrait);
    t.same(plan.renditions.map((r) => r.name), ['480p', '720p', '1080p']);
    t.match(plan.command.complexFilter, /\[s0\]scale=480:-2\[v0\];\[s1\]scale=720:-2\[v1\];\[s2\]scale=1080:-2\[v2\]/);
    const highFps = planHls('/videos/in.mp4', { ...portrait, width: 720, height: 1280, frameRate: 240 });
    t.same(highFps.renditions.map((r) => r.name), ['480p', '720p']);
    t.match(highFps.command.complexFilter, /^\[0:v:0\]fps=60,format=yuv420p,split=3/, 'slow-motion frame rates are capped');
  });

  t.test('fluent-ffmpeg runs exactly hlsArguments (what the bench baseline spawns)', async (t) => {
    // Two rungs: the -var_stream_map then holds exactly one space, which fluent-ffmpeg would split
    // if the options were handed over as an array.
    const info: VideoInfo = { durationSeconds: 12, width: 1280, height: 720, videoCodec: 'h264', audioCodec: 'aac', rotation: 0, frameRate: 30, sizeBytes: 1 };
    const plan = planHls('/videos/my clip.mp4', info);
    t.equal(plan.command.outputs[0]!.options.at(-1), 'v:0,a:0,name:480p v:1,a:1,name:720p');
    const command = fluentCommand(plan.command, dir, tools.ffmpeg) as unknown as { _getArguments(): string[] };
    t.same(command._getArguments(), hlsArguments(plan.command));
  });

  t.test('what is not a video is refused as NOT_A_VIDEO', async (t) => {
    const text = join(dir, 'notes.mp4');
    writeFileSync(text, 'Dear diary, the cat sat on the keyboard.\n'.repeat(100));
    const image = join(dir, 'still.jpg');
    await sharp({ create: { width: 320, height: 240, channels: 3, background: '#888' } }).jpeg().toFile(image);
    const audioOnly = join(dir, 'song.m4a');
    await run(tools.ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '2', '-c:a', 'aac', audioOnly]);
    // An HLS playlist named .mp4 that points at a real segment: without the demuxer list ffprobe
    // takes it as a 4 s video, and ffmpeg would follow its references to any file on the server.
    const playlist = join(dir, 'sneaky.mp4');
    const real = await clip1080;
    writeFileSync(playlist, `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\n${real}\n#EXT-X-ENDLIST\n`);
    const concat = join(dir, 'sneaky.mov');
    writeFileSync(concat, `ffconcat version 1.0\nfile '${real}'\n`);

    for (const [label, file] of [['text', text], ['a still JPEG', image], ['audio only', audioOnly], ['an HLS playlist in disguise', playlist], ['a concat script in disguise', concat]] as const) {
      const error = await rejection(probeVideo(file));
      t.equal(error.code, 'NOT_A_VIDEO', label);
      t.equal(error.statusCode, 415, `${label}: 415`);
    }
    t.equal((await rejection(transcodeToHls(text, join(dir, 'never')))).code, 'NOT_A_VIDEO', 'transcoding checks first');
  });

  t.test('limits: too long, too large on disk, too many pixels', async (t) => {
    const source = await clip1080;
    const long = await rejection(probeVideo(source, { maxDurationSeconds: 5 }));
    t.equal(long.code, 'TOO_LONG');
    t.match(long.details, { maxDurationSeconds: 5 });
    t.equal((await rejection(probeVideo(source, { maxBytes: 1000 }))).code, 'TOO_LARGE');
    t.equal((await rejection(probeVideo(source, { maxPixels: 1280 * 720 }))).code, 'TOO_LARGE');
    t.equal((await rejection(transcodeToHls(source, join(dir, 'never'), { maxDurationSeconds: 5 }))).code, 'TOO_LONG');
  });

  t.test('a recording without a duration in its header is measured from its packets', async (t) => {
    // `-live 1` writes WebM as MediaRecorder does: no duration, no cues.
    const live = join(dir, 'recording.webm');
    await run(tools.ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-t', '3', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-live', '1', '-f', 'webm', live]);
    const header = await run(tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', live]);
    t.match(header.stdout.trim(), /^(N\/A)?$/, 'the fixture really has no duration');
    const info = await probeVideo(live);
    t.ok(Math.abs(info.durationSeconds - 3) < 0.1, `measured ${info.durationSeconds} s`);
    t.equal((await rejection(probeVideo(live, { maxDurationSeconds: 2 }))).code, 'TOO_LONG', 'and the limit applies to it');
  });

  t.test('transcoding stops when its signal aborts', async (t) => {
    const controller = new AbortController();
    const started = performance.now();
    const transcoding = transcodeToHls(await clip1080, join(dir, 'aborted'), {
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('worker shutting down')),
    });
    await t.rejects(transcoding, /worker shutting down/);
    t.ok(performance.now() - started < 5000, 'without waiting for ffmpeg to finish');
  });

  t.test('without ffmpeg: findFfmpeg gives null and video is refused with FFMPEG_MISSING', async (t) => {
    t.equal(await findFfmpeg('/nonexistent/ffmpeg'), null);
    t.equal(await findFfmpeg(dir), null, 'a directory without ffmpeg in it');
    t.match(await findFfmpeg(tools.ffmpeg), { ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe, version: tools.version, missingEncoders: [] }, 'a configured binary finds its ffprobe');
    t.match(await findFfmpeg(dirname(tools.ffmpeg)), { ffmpeg: tools.ffmpeg }, 'a configured directory works too');

    const source = await clip1080;
    const missing = await rejection(transcodeToHls(source, join(dir, 'never'), { ffmpegPath: '/nonexistent/ffmpeg' }));
    t.equal(missing.code, 'FFMPEG_MISSING');
    t.equal(missing.statusCode, 503);
    t.notMatch(missing.message, /nonexistent/, 'the public message names no server path');
    t.match(missing.log, /nonexistent/, 'the log does');
    t.equal((await rejection(probeVideo(source, { ffmpegPath: '/nonexistent/ffmpeg' }))).code, 'FFMPEG_MISSING');

    // Found once, kept: uploads do not each spawn three version checks.
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'empty-path');
    t.teardown(() => {
      process.env.PATH = path;
    });
    t.equal(await findFfmpeg(), tools, 'still found with PATH emptied');
  });
}
