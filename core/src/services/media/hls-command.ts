import { isAbsolute } from 'node:path';
import { DEFAULT_MAX_VIDEO_SECONDS, SAFE_INPUT_OPTIONS, type VideoInfo } from './probe.js';

export interface HlsRenditionSpec {
  /**
   * The rung, in the usual "720p" sense: the picture's short side, so a portrait 720p rendition
   * is 720 × 1280. Only rungs no larger than the source's short side are produced.
   */
  height: number;
  videoBitrateKbps: number;
  /** Default 128. */
  audioBitrateKbps?: number;
  /** Default `${height}p`; names the playlist and segment files. */
  name?: string;
}

export interface HlsOptions {
  /** The ladder; default 480p / 720p / 1080p at 1400 / 2800 / 5000 kb/s. */
  renditions?: HlsRenditionSpec[];
  /** x264 preset; `veryfast` keeps a worker at several times real time per 1080p ladder. */
  preset?: string;
  /** Input beyond this is not read even if the container lied about its duration. Default 600. */
  maxDurationSeconds?: number;
}

/** The ffmpeg invocation, in the pieces fluent-ffmpeg takes. `hlsArguments` flattens it. */
export interface HlsCommand {
  inputOptions: string[];
  /** Absolute: ffmpeg runs with the output directory as its working directory. */
  input: string;
  complexFilter: string;
  outputs: Array<{ target: string; options: string[] }>;
}

export interface PlannedRendition {
  name: string;
  height: number;
  videoBitrateKbps: number;
  audioBitrateKbps: number;
  /** Relative to the output directory. */
  playlist: string;
}

export interface HlsPlan {
  command: HlsCommand;
  renditions: PlannedRendition[];
  /** Relative to the output directory. */
  masterPlaylist: string;
  thumbnail: string;
  thumbnailAtSeconds: number;
}

export const HLS_SEGMENT_SECONDS = 4;

export const DEFAULT_HLS_LADDER: readonly HlsRenditionSpec[] = Object.freeze([
  { height: 480, videoBitrateKbps: 1400 },
  { height: 720, videoBitrateKbps: 2800 },
  { height: 1080, videoBitrateKbps: 5000 },
]);

const MASTER = 'master.m3u8';
const THUMBNAIL = 'thumbnail.jpg';
/** Phones record slow motion at 120–240 fps; nobody streams that, and it would triple the work. */
const MAX_FRAME_RATE = 60;
const THUMBNAIL_MAX_SHORT_SIDE = 720;

/**
 * Decides the ladder for one source and builds the single ffmpeg command that produces it: one
 * decode, `split` into one branch per rung plus one for the thumbnail, each branch scaled and
 * encoded (H.264 + AAC), written as VOD HLS with 4-second segments and a master playlist.
 */
export function planHls(input: string, video: VideoInfo, options: HlsOptions = {}): HlsPlan {
  if (!isAbsolute(input)) throw new TypeError(`planHls: input must be an absolute path, got ${input}`);
  const renditions = chooseRenditions(video, options.renditions ?? DEFAULT_HLS_LADDER);
  const portrait = video.height > video.width;
  const shortSide = Math.min(video.width, video.height);
  // Scale the short side to the rung; -2 keeps the aspect ratio with an even long side (H.264 4:2:0 needs even sizes).
  const scaleTo = (short: number) => (portrait ? `scale=${short}:-2` : `scale=-2:${short}`);
  // A tenth in, at most 3 s: past a fade from black, and early enough to exist in any clip.
  const thumbnailAtSeconds = Math.min(3, Math.round(video.durationSeconds * 0.1 * 1000) / 1000);
  const thumbnailShort = even(Math.min(shortSide, THUMBNAIL_MAX_SHORT_SIDE));
  const frameRateCap = video.frameRate !== null && video.frameRate > MAX_FRAME_RATE ? `fps=${MAX_FRAME_RATE},` : '';

  const branches = renditions.length + 1;
  // 8-bit 4:2:0 whatever came in: a 10-bit HDR phone clip would otherwise become High 10 H.264,
  // which browsers do not play. Converted once, before the split, not once per rung.
  const filter = [
    `[0:v:0]${frameRateCap}format=yuv420p,split=${branches}${renditions.map((_, i) => `[s${i}]`).join('')}[st]`,
    ...renditions.map((r, i) => `[s${i}]${scaleTo(r.height)}[v${i}]`),
    // Two trims: the first skips to the moment, the second keeps one frame and then ends the
    // branch, so the thumbnail output never queues the rest of the video's frames.
    `[st]trim=start=${thumbnailAtSeconds},trim=end_frame=1,${scaleTo(thumbnailShort)}[thumb]`,
  ].join(';');

  const hasAudio = video.audioCodec !== null;
  const hls: string[] = [];
  renditions.forEach((_, i) => {
    hls.push('-map', `[v${i}]`);
    if (hasAudio) hls.push('-map', '0:a:0');
  });
  hls.push('-c:v', 'libx264', '-preset', options.preset ?? 'veryfast', '-profile:v', 'high');
  renditions.forEach((r, i) => {
    // Capped bitrates: the master playlist's BANDWIDTH comes from them (ffmpeg drops a variant it
    // has no bitrate for), and players pick a rung by that number.
    hls.push(`-b:v:${i}`, `${r.videoBitrateKbps}k`, `-maxrate:v:${i}`, `${Math.round(r.videoBitrateKbps * 1.07)}k`, `-bufsize:v:${i}`, `${Math.round(r.videoBitrateKbps * 1.5)}k`);
  });
  // A keyframe exactly every segment length, in every rung at the same instants: segments come
  // out exactly 4 s long and a player can switch rungs at any segment boundary.
  hls.push('-force_key_frames:v', `expr:gte(t,n_forced*${HLS_SEGMENT_SECONDS})`);
  if (hasAudio) {
    hls.push('-c:a', 'aac', '-ac', '2', '-ar', '48000');
    renditions.forEach((r, i) => hls.push(`-b:a:${i}`, `${r.audioBitrateKbps}k`));
  }
  hls.push(
    '-f', 'hls',
    '-hls_time', String(HLS_SEGMENT_SECONDS),
    '-hls_playlist_type', 'vod',
    '-hls_flags', 'independent_segments',
    '-hls_segment_type', 'mpegts',
    '-hls_segment_filename', '%v_%03d.ts',
    '-master_pl_name', MASTER,
    '-var_stream_map', renditions.map((r, i) => `v:${i}${hasAudio ? `,a:${i}` : ''},name:${r.name}`).join(' '),
  );

  return {
    command: {
      inputOptions: [
        // Warnings and errors only, plus the stats line progress is read from (every 0.5 s).
        '-nostdin', '-hide_banner', '-loglevel', 'warning', '-stats',
        ...SAFE_INPUT_OPTIONS,
        '-t', String(options.maxDurationSeconds ?? DEFAULT_MAX_VIDEO_SECONDS),
      ],
      input,
      complexFilter: filter,
      outputs: [
        // Relative names: ffmpeg runs in the output directory, so a '%' in its path cannot be
        // mistaken for one of the muxer's %v / %03d patterns.
        { target: '%v.m3u8', options: hls },
        { target: THUMBNAIL, options: ['-map', '[thumb]', '-frames:v', '1', '-update', '1', '-q:v', '3', '-f', 'image2'] },
      ],
    },
    renditions: renditions.map((r) => ({ ...r, playlist: `${r.name}.m3u8` })),
    masterPlaylist: MASTER,
    thumbnail: THUMBNAIL,
    thumbnailAtSeconds,
  };
}

/**
 * The argument list `planHls`'s command runs with, in the order fluent-ffmpeg builds it (including
 * the `-y` it adds for file outputs), so a raw `spawn(ffmpeg, hlsArguments(...))` is the same run.
 */
export function hlsArguments(command: HlsCommand): string[] {
  return [
    ...command.inputOptions,
    '-i', command.input,
    '-y',
    '-filter_complex', command.complexFilter,
    ...command.outputs.flatMap((o) => [...o.options, o.target]),
  ];
}

function chooseRenditions(video: VideoInfo, ladder: readonly HlsRenditionSpec[]): Array<Required<HlsRenditionSpec>> {
  if (ladder.length === 0) throw new TypeError('planHls: the ladder needs at least one rendition');
  const rungs = ladder
    .map((r) => ({ height: r.height, videoBitrateKbps: r.videoBitrateKbps, audioBitrateKbps: r.audioBitrateKbps ?? 128, name: r.name ?? `${r.height}p` }))
    .sort((a, b) => a.height - b.height);
  for (const r of rungs) {
    if (!Number.isInteger(r.height) || r.height <= 0 || r.height % 2 !== 0) throw new TypeError(`planHls: rendition height must be a positive even integer, got ${r.height}`);
    if (!/^[\w-]+$/.test(r.name)) throw new TypeError(`planHls: rendition name "${r.name}" must be letters, digits, - or _ (it names files)`);
  }
  if (new Set(rungs.map((r) => r.name)).size !== rungs.length) throw new TypeError('planHls: rendition names must be unique');

  const shortSide = Math.min(video.width, video.height);
  const fitting = rungs.filter((r) => r.height <= shortSide);
  if (fitting.length > 0) return fitting;
  // Smaller than the lowest rung: one rendition at the source's own size rather than none, with
  // the lowest rung's bitrate scaled by the pixel count.
  const lowest = rungs[0]!;
  const height = even(shortSide);
  return [{
    height,
    videoBitrateKbps: Math.max(200, Math.round(lowest.videoBitrateKbps * (height / lowest.height) ** 2)),
    audioBitrateKbps: lowest.audioBitrateKbps,
    name: `${height}p`,
  }];
}

/** Largest even number not above n, and at least 2. */
function even(n: number): number {
  return Math.max(2, Math.floor(n / 2) * 2);
}
