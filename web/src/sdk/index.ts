/**
 * `@petamigos/web`: what themes, the app and plugin pages share at runtime. The page's import map
 * points this specifier at one bundle, so there is one React, one router, one session and one
 * realtime socket however many plugins are enabled.
 */
export { boot, setBoot, isPluginEnabled, type BootManifest, type PluginUi } from './boot.js';
export { api, ApiError, type RequestOptions } from './api.js';
export { session, type Tokens } from './session-store.js';
export { SessionProvider, useSession, type Me, type SessionState } from './session.js';
export { I18nProvider, loadInitialBundle, useT, useTranslateAny, useLocale, useFormat, type Translate, type LocaleBundle } from './i18n.js';
export { realtime, useChannel } from './realtime.js';
export { Slot, pluginComponent, pluginPages, pluginNav, PluginBoundary, type PageComponent, type SlotComponent, type PageEntry } from './extensions.js';
export * from './router.js';
export { useApi, type ApiState } from './use-api.js';
export type * from './theme-contract.js';
