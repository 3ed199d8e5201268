import type { ConfigCore } from './core.js';

export interface InitAnswers {
  name: string;
  publicUrl: string;
  locale: string;
}

/**
 * The config `petamigos init` writes: every section present, commented, with its embedded
 * default, so an operator learns the file by reading it. Values mirror the kernel's defaults
 * (core/src/config/schema.ts); the init test loads the result with the kernel to keep them honest.
 */
export function configTemplate(answers: InitAnswers): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `import { defineConfig } from '@petamigos/core';

/**
 * PetAmigos configuration. Every key is optional: with nothing set the platform runs on embedded
 * defaults (PostgreSQL in-process via PGlite under ./data, in-process jobs/events/cache, local
 * files, PostgreSQL full-text search, mail printed to the log). Your editor completes and
 * documents every key.
 *
 * Environment variables override this file (see .env.example). Secrets (PETAMIGOS_SECRET, passwords,
 * API keys) are read ONLY from the environment; the kernel refuses them here.
 */
export default defineConfig({
  site: {
    name: ${q(answers.name)},
    // The URL people use to reach this installation: links in mails point here. Or PUBLIC_URL.
    publicUrl: ${q(answers.publicUrl)},
    // Language for visitors who have not chosen one.
    defaultLocale: ${q(answers.locale)},
  },

  // server: { port: 3000, trustProxy: true },   // trustProxy behind a load balancer; or HOST / PORT

  // Unset: embedded PGlite in ./data/pglite. For PostgreSQL 16, set DATABASE_URL in the environment
  // (a URL with a password is refused here), then run \`petamigos migrate\` on each deploy.
  // database: { pool: { max: 20 } },

  // Unset: jobs, events and cache stay inside one process. Or REDIS_URL.
  // redis: { url: 'redis://127.0.0.1:6379' },

  // Unset: uploads go to ./data/storage. For MinIO / S3 (keys from S3_ACCESS_KEY and S3_SECRET_KEY):
  // storage: { s3: { endPoint: 'minio.internal', port: 9000, useSSL: false, bucket: 'petamigos' } },

  // Unset: PostgreSQL full-text search. The key comes from MEILISEARCH_API_KEY.
  // search: { meilisearch: { host: 'http://127.0.0.1:7700' } },

  // Unset: mail goes to the kernel_mail_outbox table and the log. The password comes from SMTP_PASSWORD.
  // mail: { from: 'PetAmigos <hola@example.com>', smtp: { host: 'smtp.example.com', port: 587, user: 'petamigos' } },

  accounts: {
    // 'closed': only admins create accounts (\`petamigos users create\`).
    registration: 'open',
    // Create the first admin with \`petamigos users create --admin\` instead of turning this on.
    firstUserIsAdmin: false,
  },

  security: {
    // Origins allowed to call the API from a browser, besides site.publicUrl.
    corsOrigins: [],
    rateLimit: { max: 300, timeWindow: 60_000 },
  },

  // Plugins enabled on this installation, by name, with their settings:
  //   plugins: { feed: true, marketplace: { settings: { currency: 'MXN' } } }
  // \`petamigos plugins enable <name>\` and \`petamigos plugins add <npm-package>\` edit this block for you.
  plugins: {},

  theme: 'default',
});
`;
}

/**
 * \`.env.example\` generated from the kernel's own tables of variables, for when the CLI runs
 * outside this repository (whose hand-written .env.example is copied instead).
 */
export function envExampleFromKernel(core: Pick<ConfigCore, 'envOverrides' | 'secretVariables' | 'ConfigSchema'>): string {
  const lines = [
    '# PetAmigos environment. Copy to .env (never commit it) and fill in what you need.',
    '# Environment variables override petamigos.config.ts; secrets are read ONLY from here.',
    '# An empty value counts as unset. Booleans accept true/false, 1/0, yes/no, on/off.',
    '',
  ];
  for (const { env, path } of core.envOverrides) {
    const schema = schemaAt(core.ConfigSchema, path);
    const about = [schema?.description, schema?.default !== undefined ? `Unset: ${JSON.stringify(schema.default)}.` : undefined].filter(Boolean).join(' ');
    lines.push(`# ${path.join('.')}${about ? `: ${about}` : ''}`, `# ${env}=`);
  }
  lines.push('', '# ---------------------------------------------------------------- secrets');
  for (const { env, forbiddenPath } of core.secretVariables) {
    lines.push(`# Secret for ${forbiddenPath.join('.')}.${env === 'PETAMIGOS_SECRET' ? ' Long random string that signs sessions and tokens (`openssl rand -hex 32`).' : ''}`, `# ${env}=`);
  }
  return `${lines.join('\n')}\n`;
}

function schemaAt(schema: unknown, path: string[]): { description?: string; default?: unknown } | undefined {
  let node = schema as { properties?: Record<string, unknown> } | undefined;
  for (const key of path) node = node?.properties?.[key] as typeof node;
  return node as { description?: string; default?: unknown } | undefined;
}
