import type { FastifyRequest } from 'fastify';
import type { PluginApp } from '@petamigos/core';
import type { FeedContext } from '../settings.js';
import type { FeedServices } from '../services/feed-service.js';
import { postRoutes } from './post-routes.js';
import { commentRoutes } from './comment-routes.js';
import { reactionRoutes } from './reaction-routes.js';
import { homeRoutes } from './home-routes.js';
import { mediaRoutes } from './media-routes.js';
import { listRoutes } from './list-routes.js';
import { wellbeingRoutes } from './wellbeing-routes.js';

export const MODERATE_POSTS = 'feed.posts.moderate';
const NIL = '00000000-0000-0000-0000-000000000000';

export interface RouteDeps {
  ctx: FeedContext;
  feed: FeedServices;
  /** Whether the signed-in user holds the moderation permission (admins may grant it to more roles). */
  isModerator(request: FastifyRequest): boolean;
}

/** Everything under `/api/feed`. */
export function feedRoutes(feed: (ctx: FeedContext) => FeedServices) {
  return async (app: PluginApp, ctx: FeedContext): Promise<void> => {
    const deps: RouteDeps = {
      ctx,
      feed: feed(ctx),
      isModerator(request) {
        try {
          ctx.auth.assertOwner(request, NIL, MODERATE_POSTS);
          return true;
        } catch {
          return false;
        }
      },
    };
    // Images arrive as the raw body; the parser lives in this plugin's encapsulation context only.
    app.addContentTypeParser(/^image\//i, { parseAs: 'buffer', bodyLimit: ctx.settings.maxImageBytes }, (_request, body, done) => done(null, body));
    // Videos stay a stream: the upload goes to a temporary file with `maxVideoBytes` counted on the way.
    app.addContentTypeParser(/^video\//i, (_request, payload, done) => done(null, payload));
    postRoutes(app, deps);
    commentRoutes(app, deps);
    reactionRoutes(app, deps);
    homeRoutes(app, deps);
    mediaRoutes(app, deps);
    listRoutes(app, deps);
    wellbeingRoutes(app, deps);
  };
}
