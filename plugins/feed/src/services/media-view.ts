import type { Storage } from '@petamigos/core';

export type MediaKind = 'image' | 'video';
export type MediaStatus = 'processing' | 'ready' | 'failed';

export interface StoredVariant {
  name: string;
  format: string;
  width: number;
  height: number;
  key: string;
}

export interface MediaRow {
  id: string;
  owner_id: string;
  post_id: string | null;
  kind: MediaKind;
  status: MediaStatus;
  width: number;
  height: number;
  variants: unknown;
  duration_seconds: number | string | null;
  original_key: string | null;
  playlist_key: string | null;
  poster_key: string | null;
  error: string | null;
}

/**
 * One media item as clients see it, images and videos alike: a picture has variants and no
 * playlist; a video has a poster and an HLS master playlist once its job has made them.
 */
export interface MediaView {
  id: string;
  kind: MediaKind;
  status: MediaStatus;
  width: number;
  height: number;
  variants: Array<{ name: string; format: string; width: number; height: number; url: string }>;
  durationSeconds: number | null;
  posterUrl: string | null;
  playlistUrl: string | null;
  /** Why a video failed (an error code, e.g. TRANSCODE_FAILED), else null. */
  error: string | null;
}

export const MEDIA_COLUMNS = 'id, owner_id, post_id, kind, status, width, height, variants, duration_seconds, original_key, playlist_key, poster_key, error';

export async function variantUrls(storage: Storage, variants: StoredVariant[]): Promise<MediaView['variants']> {
  return Promise.all(variants.map(async (v) => ({ name: v.name, format: v.format, width: v.width, height: v.height, url: await storage.url(v.key) })));
}

export async function mediaView(storage: Storage, row: MediaRow): Promise<MediaView> {
  const variants = (typeof row.variants === 'string' ? JSON.parse(row.variants) : row.variants ?? []) as StoredVariant[];
  // Until a video is ready its playlist and poster do not exist: no URL that would answer 404.
  const ready = row.status === 'ready';
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    width: row.width,
    height: row.height,
    variants: await variantUrls(storage, variants),
    durationSeconds: row.duration_seconds === null ? null : Math.round(Number(row.duration_seconds) * 1000) / 1000,
    posterUrl: ready && row.poster_key ? await storage.url(row.poster_key) : null,
    playlistUrl: ready && row.playlist_key ? await storage.url(row.playlist_key) : null,
    error: row.error,
  };
}
