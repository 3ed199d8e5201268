import { HttpError, type PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { IdParams, Media, errorResponses, security, tags } from './schemas.js';

/**
 * Pictures and videos for posts: upload first, then attach the returned id with `mediaIds` when
 * posting. A picture is ready in the answer; a video answers `processing` and is transcoded by a job.
 */
export function mediaRoutes(app: PluginApp, { ctx, feed }: RouteDeps): void {
  app.post('/media', {
    preHandler: ctx.auth.requireUser,
    schema: {
      tags, security,
      summary: 'Upload a picture (`content-type: image/*`; EXIF and GPS are removed) or a video (`content-type: video/*`; transcoded to HLS in the background) as the raw body',
      response: { 201: Media, ...errorResponses(400, 401, 413, 415, 422, 503) },
    },
  }, async (request, reply) => {
    const me = request.user!.id;
    if (/^video\//i.test(request.headers['content-type'] ?? '')) {
      const length = Number(request.headers['content-length']);
      const body = request.body as NodeJS.ReadableStream;
      return reply.status(201).send(await feed.videos.upload(me, body, Number.isFinite(length) ? length : undefined));
    }
    if (!Buffer.isBuffer(request.body)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the picture or video as the request body with an image or video content type, such as image/jpeg or video/mp4.');
    return reply.status(201).send(await feed.posts.attachImage(me, request.body));
  });

  app.get('/media/:id', {
    schema: {
      tags, summary: 'A media item: to its uploader (to follow a video\'s processing), or to whoever may see the post it is in',
      params: IdParams, response: { 200: Media, ...errorResponses(400, 404) },
    },
  }, async (request) => feed.videos.viewFor(request.user?.id ?? null, request.params.id));
}
