import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError, StorageError, isMediaError } from '@petamigos/core';
import { v7 as uuidv7 } from 'uuid';
import type { FeedContext } from '../settings.js';
import type { Audience, PostRef } from './audience.js';
import { MEDIA_COLUMNS, mediaView, type MediaRow, type MediaView } from './media-view.js';

/** Attempts after the first; the last one marks the video failed instead of leaving it processing. */
export const VIDEO_JOB_RETRIES = 2;
const MiB = 1024 * 1024;

interface JobMeta {
  attempt: number;
  progress(p: number | object): Promise<void>;
}

/*
 * Errors that say the upload itself is unusable: retrying cannot help, so the video fails at once.
 * TRANSCODE_FAILED is not among them: ffmpeg killed for memory or a full disk deserves another try.
 */
const PERMANENT = new Set(['NOT_A_VIDEO', 'TOO_LONG', 'TOO_LARGE', 'TOO_MANY_PIXELS']);

/**
 * Video posts. The upload is streamed to a temporary file, probed (so a file that is not a video,
 * or is too long, is refused while the uploader waits), and stored as a private original; a job
 * then transcodes it to HLS with a poster, uploads those as public objects and marks the item
 * ready. The job is keyed by the media id and recovered from the table at every start, so a
 * crash or a restart mid-transcode only delays the video.
 */
export class Videos {
  constructor(private readonly ctx: FeedContext, private readonly audience: Audience) {}

  /** Whether this server can take videos now: ffmpeg with the encoders the HLS ladder needs. */
  async available(): Promise<boolean> {
    const tools = await this.ctx.media.ffmpeg();
    return !!tools && tools.missingEncoders.length === 0;
  }

  async upload(ownerId: string, body: NodeJS.ReadableStream, declaredBytes: number | undefined): Promise<MediaView> {
    const { maxVideoBytes, maxVideoSeconds } = this.ctx.settings;
    const tooLarge = () => new HttpError(413, 'VIDEO_TOO_LARGE', `A video can be at most ${Math.floor(maxVideoBytes / MiB)} MB.`, { max: Math.floor(maxVideoBytes / MiB), maxBytes: maxVideoBytes });
    if (!(await this.available())) {
      throw new HttpError(503, 'VIDEO_UNAVAILABLE', 'Video uploads are not available on this server right now; pictures and text still work.');
    }
    // Refused before a byte is read when the client says how big it is.
    if (declaredBytes !== undefined && declaredBytes > maxVideoBytes) throw tooLarge();
    const dir = await mkdtemp(join(tmpdir(), 'petamigos-feed-video-'));
    try {
      const file = join(dir, 'upload');
      let received = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          received += chunk.length;
          callback(received > maxVideoBytes ? tooLarge() : null, chunk);
        },
      });
      await pipeline(body, limit, createWriteStream(file));
      if (received === 0) throw new HttpError(400, 'EMPTY_UPLOAD', 'The request body is empty; send the video as the body.');
      const info = await this.ctx.media.probeVideo(file);
      if (info.durationSeconds > maxVideoSeconds) {
        throw new HttpError(422, 'VIDEO_TOO_LONG', `A video can be at most ${maxVideoSeconds} seconds long.`, { max: maxVideoSeconds, durationSeconds: info.durationSeconds });
      }
      const id = uuidv7();
      const originalKey = `media/${id}/original`;
      // Private: the source is for the transcoder, and may hold more than what is published.
      await this.ctx.storage.put(originalKey, createReadStream(file), { private: true, maxBytes: maxVideoBytes });
      try {
        await this.ctx.db.query(
          `insert into feed_media (id, owner_id, kind, status, width, height, variants, duration_seconds, original_key) values (?, ?, 'video', 'processing', ?, ?, '[]', ?, ?)`,
          [id, ownerId, info.width, info.height, info.durationSeconds, originalKey],
        );
      } catch (error) {
        // No row, no owner: the stored original would never be found again.
        await this.ctx.storage.delete(originalKey).catch(() => undefined);
        throw error;
      }
      // If this enqueue is lost (crash), the row is still `processing` and the next start recovers it.
      await this.ctx.jobs.enqueue('video', { mediaId: id }, { jobId: jobIdOf(id) });
      return this.view(id);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async view(id: string): Promise<MediaView> {
    const [row] = await this.ctx.db.query<MediaRow>(`select ${MEDIA_COLUMNS} from feed_media where id = ?`, [id]);
    if (!row) throw new HttpError(404, 'MEDIA_NOT_FOUND', 'No such media item.');
    return mediaView(this.ctx.storage, row);
  }

  /** A media item for its uploader (to watch a video's processing), or for whoever may see its post. */
  async viewFor(viewerId: string | null, id: string): Promise<MediaView> {
    const [row] = await this.ctx.db.query<MediaRow>(`select ${MEDIA_COLUMNS} from feed_media where id = ?`, [id]);
    let visible = !!row && row.owner_id === viewerId;
    if (row && !visible && row.post_id) {
      const [post] = await this.ctx.db.query<PostRef>('select id, author_id, visibility, deleted_at from feed_post where id = ?', [row.post_id]);
      visible = !!post && (await this.audience.canSee(viewerId, post));
    }
    if (!row || !visible) throw new HttpError(404, 'MEDIA_NOT_FOUND', 'No such media item.');
    return mediaView(this.ctx.storage, row);
  }

  /** For the job recovery: every video a crash or restart left half done. */
  async unfinished(): Promise<Array<{ id: string; payload: { mediaId: string } }>> {
    const rows = await this.ctx.db.query<{ id: string }>(`select id from feed_media where status = 'processing' and kind = 'video' order by id`);
    return rows.map((r) => ({ id: jobIdOf(r.id), payload: { mediaId: r.id } }));
  }

  /** The `feed.video` job. Idempotent: a video that is no longer processing is left alone. */
  async process(mediaId: string, meta: JobMeta): Promise<{ status: string }> {
    const [row] = await this.ctx.db.query<MediaRow>(`select ${MEDIA_COLUMNS} from feed_media where id = ? and kind = 'video'`, [mediaId]);
    if (!row || row.status !== 'processing' || !row.original_key) return { status: row?.status ?? 'gone' };
    const dir = await mkdtemp(join(tmpdir(), 'petamigos-feed-hls-'));
    try {
      const input = join(dir, 'original');
      const { stream } = await this.ctx.storage.get(row.original_key);
      await pipeline(stream, createWriteStream(input));
      const out = join(dir, 'hls');
      const result = await this.ctx.media.transcodeToHls(input, out, {
        onProgress: (percent) => void meta.progress(percent).catch(() => undefined),
      });
      const posterKey = `media/${mediaId}/poster.jpg`;
      await this.ctx.storage.put(posterKey, createReadStream(result.thumbnail), { accept: ['image/jpeg'] });
      const thumbnail = relative(out, result.thumbnail);
      for (const file of result.files) {
        if (file === thumbnail) continue;
        await this.ctx.storage.put(`media/${mediaId}/hls/${file}`, createReadStream(join(out, file)));
      }
      const playlistKey = `media/${mediaId}/hls/${relative(out, result.masterPlaylist)}`;
      const [done] = await this.ctx.db.query<{ post_id: string | null }>(
        `update feed_media set status = 'ready', playlist_key = ?, poster_key = ?, duration_seconds = ?, processed_at = now(), error = null
          where id = ? and status = 'processing' returning post_id`,
        [playlistKey, posterKey, result.durationSeconds, mediaId],
      );
      if (done) {
        await this.announce(mediaId, done.post_id, 'ready');
        return { status: 'ready' };
      }
      // The owner deleted their account while ffmpeg ran: what was just uploaded belongs to nobody.
      const [still] = await this.ctx.db.query('select 1 from feed_media where id = ?', [mediaId]);
      if (!still) for await (const object of this.ctx.storage.list(`media/${mediaId}/`)) await this.ctx.storage.delete(object.key);
      return { status: still ? 'unchanged' : 'gone' };
    } catch (error) {
      // An original that is gone (deleted by hand, lost storage) will not come back by retrying.
      const missing = error instanceof StorageError && error.code === 'NOT_FOUND';
      const code = isMediaError(error) ? error.code : missing ? 'ORIGINAL_MISSING' : 'TRANSCODE_FAILED';
      const permanent = missing || (isMediaError(error) && PERMANENT.has(error.code));
      if (permanent || meta.attempt > VIDEO_JOB_RETRIES) {
        this.ctx.log.warn({ err: error, mediaId, attempt: meta.attempt, log: isMediaError(error) ? error.log : undefined }, 'video could not be processed; marked failed');
        const [failed] = await this.ctx.db.query<{ post_id: string | null }>(
          `update feed_media set status = 'failed', error = ?, processed_at = now() where id = ? and status = 'processing' returning post_id`, [code, mediaId]);
        if (failed) await this.announce(mediaId, failed.post_id, 'failed');
        // A permanent failure is an answer, not a job failure to retry; a last attempt still shows in the admin's failed jobs.
        if (permanent) return { status: 'failed' };
      }
      throw error;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** People watching the post (its realtime channel) learn that its video can play now, or never will. */
  private async announce(mediaId: string, postId: string | null, status: 'ready' | 'failed'): Promise<void> {
    if (!postId) return;
    try {
      await this.ctx.realtime.publish('post', postId, { type: 'media', mediaId, status });
    } catch (error) {
      this.ctx.log.warn({ err: error, postId }, 'could not announce the video on the post channel');
    }
  }
}

/** BullMQ job ids may not contain ':'. */
function jobIdOf(mediaId: string): string {
  return `video-${mediaId}`;
}
