import { HttpError, type PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { Media, errorResponses, security, tags } from './schemas.js';

/** Images for posts: upload first, then attach the returned id with `mediaIds` when posting. */
export function mediaRoutes(app: PluginApp, { ctx, feed }: RouteDeps): void {
  app.post('/media', {
    preHandler: ctx.auth.requireUser,
    schema: {
      tags, security, summary: 'Upload an image (the raw body, `content-type: image/*`); EXIF and GPS are removed',
      response: { 201: Media, ...errorResponses(400, 401, 413, 415) },
    },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the image as the request body with an image content type, such as image/jpeg.');
    return reply.status(201).send(await feed.posts.attachImage(request.user!.id, request.body));
  });
}
