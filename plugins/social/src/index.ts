import { definePlugin } from '@petamigos/core';
import { entities } from './entities/index.js';
import { SocialEvents } from './events.js';
import { socialRoutes } from './routes/index.js';
import { MODERATE_PETS } from './routes/pet-routes.js';
import { deleteUserData, exportUserData } from './services/account-data.js';
import { createSocialService, type SocialService } from './services/social-service.js';
import { SocialSettings } from './settings.js';

export type { SocialService } from './services/social-service.js';
export type { Relationship, Counts, FriendshipState, ListEntry } from './services/graph.js';
export type { PetView, PhotoView } from './services/pets.js';
export type { Page } from './services/pagination.js';
export { SPECIES, type Species } from './entities/index.js';
export * from './events.js';
export { SocialSettings } from './settings.js';

/**
 * The social graph between people on PetAmigos, with pet profiles attached: pets, friends,
 * follows, mutes and close-friends circles. Blocks stay the kernel's; this plugin honours them.
 */
export default definePlugin<typeof SocialSettings, SocialService>({
  name: 'social',
  version: '0.1.0',
  kernel: '^0.1.0',
  description: 'Pet profiles, friends, follows, mutes and close-friends circles',
  settings: SocialSettings,
  entities,
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('../locales/', import.meta.url),
  permissions: {
    [MODERATE_PETS]: { description: 'Remove anyone\'s pet profiles and photos', roles: ['moderator'] },
  },
  events: { emits: SocialEvents },
  service: (ctx) => createSocialService(ctx),
  routes: socialRoutes,
  account: { exportUserData, deleteUserData },
  // Pages built from web/ (see the README): labels are keys in this plugin's strings.
  web: {
    assets: new URL('../dist/web/', import.meta.url),
    pages: [
      { path: '/onboarding', module: 'onboarding-page.js', requiresAuth: true },
      { path: '/u/:username', module: 'profile-page.js' },
      { path: '/profile', module: 'me-page.js', requiresAuth: true },
      { path: '/friends', module: 'friends-page.js', requiresAuth: true },
    ],
    slots: [],
    nav: [{ label: 'web.nav.friends', path: '/friends', icon: 'users', order: 30 }],
  },
});
