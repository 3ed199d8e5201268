import { defineConfig } from '@petamigos/core';

/**
 * PetAmigos configuration. Every key is optional: with nothing set the platform runs on embedded
 * defaults (PGlite under ./data, in-process jobs/events/cache, local files, PostgreSQL full-text
 * search). Environment variables override these values (see .env.example); secrets such as
 * passwords and API keys are read only from the environment and are refused here.
 */
export default defineConfig({
  site: {
    name: 'PetAmigos',
    publicUrl: 'http://localhost:3000',
    // Mexican Spanish is first-class; visitors can pick any of the 20 languages.
    defaultLocale: 'es-MX',
  },

  // database: { url: 'postgres://petamigos@db:5432/petamigos' },   // or DATABASE_URL
  // redis: { url: 'redis://127.0.0.1:6379' },                        // or REDIS_URL

  security: {
    corsOrigins: [],
    rateLimit: { max: 300, timeWindow: 60_000 },
  },

  // Plugins enabled on this installation, by name, with their settings:
  //   plugins: { feed: true, marketplace: { settings: { currency: 'MXN' } } }
  // `petamigos plugins enable <name>` edits this block for you.
  plugins: {
    social: true,
    feed: true,
  },

  theme: 'default',
});
