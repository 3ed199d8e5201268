import type { PluginApp } from '@petamigos/core';
import { SocialGraph } from '../services/graph.js';
import { PetProfiles } from '../services/pets.js';
import type { SocialContext } from '../settings.js';
import { friendRoutes } from './friend-routes.js';
import { followRoutes } from './follow-routes.js';
import { circleRoutes } from './circle-routes.js';
import { petRoutes } from './pet-routes.js';
import { profileRoutes } from './profile-routes.js';

export interface RouteDeps {
  ctx: SocialContext;
  graph: SocialGraph;
  pets: PetProfiles;
}

/** Everything under `/api/social`. */
export async function socialRoutes(app: PluginApp, ctx: SocialContext): Promise<void> {
  const deps: RouteDeps = { ctx, graph: new SocialGraph(ctx), pets: new PetProfiles(ctx) };
  // Photos arrive as the raw request body. This parser lives in the plugin's own encapsulation
  // context, so no other plugin's routes start accepting images.
  app.addContentTypeParser(/^image\//i, { parseAs: 'buffer', bodyLimit: ctx.settings.maxPhotoBytes }, (_request, body, done) => done(null, body));
  profileRoutes(app, deps);
  petRoutes(app, deps);
  friendRoutes(app, deps);
  followRoutes(app, deps);
  circleRoutes(app, deps);
}
