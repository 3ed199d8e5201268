/**
 * The files `petamigos create-plugin` writes: a small but complete plugin in the shape every
 * PetAmigos plugin has (manifest, entity, migration, routes, events, locales, test), which passes
 * its own test as generated. Its resource is a "greeting" so each piece has something real to do.
 */
export interface PluginTemplateOptions {
  name: string;
  packageName: string;
  kernelVersion: string;
  /** `YYYYMMDDHHmmss`, the first migration's name. */
  timestamp: string;
  /** When the plugin lives inside the PetAmigos repository: paths to its tsconfig.base.json and core/. */
  monorepo?: { base: string; core: string };
}

export function pluginFiles(o: PluginTemplateOptions): Record<string, string> {
  const { name } = o;
  const pascal = name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  const prefix = `${name.replace(/-/g, '_')}_`;
  const table = `${prefix}greeting`;
  const migration = `Migration${o.timestamp}_init`;
  const kernelRange = `^${o.kernelVersion}`;
  const event = `${name}.greeting.created`;
  const permission = `${name}.greetings.create`;

  const files: Record<string, string> = {};

  files['package.json'] = `${JSON.stringify(
    {
      name: o.packageName,
      version: '0.1.0',
      description: `${pascal}: a PetAmigos plugin.`,
      type: 'module',
      ...(o.monorepo ? { license: 'AGPL-3.0-or-later' } : {}),
      keywords: ['petamigos', 'petamigos-plugin'],
      exports: { '.': { 'petamigos-source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
      files: ['dist', 'src', 'locales'],
      scripts: { build: 'tsc -p .', test: 'tap', prepublishOnly: 'tsc -p .' },
      dependencies: { uuid: '^14.0.3' },
      peerDependencies: { '@petamigos/core': kernelRange },
      devDependencies: { '@petamigos/core': kernelRange, tap: '^21.8.0', tsx: '^4.23.15', typescript: '^5.9.3' },
    },
    null,
    2,
  )}\n`;

  files['tsconfig.json'] = `${JSON.stringify(
    o.monorepo
      ? { extends: o.monorepo.base, compilerOptions: { rootDir: 'src', outDir: 'dist' }, include: ['src'], references: [{ path: o.monorepo.core }] }
      : {
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2023'],
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noUncheckedIndexedAccess: true,
            noImplicitOverride: true,
            esModuleInterop: true,
            skipLibCheck: true,
            declaration: true,
            sourceMap: true,
            verbatimModuleSyntax: true,
            rootDir: 'src',
            outDir: 'dist',
          },
          include: ['src'],
        },
    null,
    2,
  )}\n`;

  files['.taprc'] = `# Tests run the TypeScript source through tsx; the condition makes packages that publish their
# source (this plugin, @petamigos/core) resolve to it, so tests never run against stale builds.
plugin:
  - "!@tapjs/typescript"
node-arg:
  - --import=tsx
  - --conditions=petamigos-source
allow-incomplete-coverage: true
disable-coverage: true
timeout: 120
include:
  - "test/**/*.test.ts"
`;

  files['.gitignore'] = 'node_modules/\ndist/\n.tap/\n*.tsbuildinfo\n';

  files['src/settings.ts'] = `import { Type, type PluginContext, type Static } from '@petamigos/core';

/** What an operator may set under \`plugins.${name}.settings\` in petamigos.config.ts; defaults apply otherwise. */
export const Settings = Type.Object(
  {
    greeting: Type.String({ minLength: 1, default: 'Hola', description: 'Put before the name in every greeting.' }),
    maxLength: Type.Integer({ minimum: 1, maximum: 500, default: 140, description: 'Longest message accepted, in characters.' }),
  },
  { additionalProperties: false },
);

/** The context this plugin's routes, handlers and hooks receive. */
export type Context = PluginContext<Static<typeof Settings>>;
`;

  files['src/index.ts'] = `import { definePlugin } from '@petamigos/core';
import { Greeting } from './entities/greeting.js';
import { events, onGreetingCreated } from './events.js';
import { greetingRoutes } from './routes/greetings.js';
import { Settings } from './settings.js';

export default definePlugin({
  name: '${name}',
  version: '0.1.0',
  kernel: '${kernelRange}',
  description: 'Greetings between pet people.',
  settings: Settings,
  entities: [Greeting],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('../locales/', import.meta.url),
  permissions: {
    '${permission}': { description: 'Post greetings', roles: ['user', 'moderator'] },
  },
  events: {
    emits: events,
    handles: {
      // Handlers run after the emitting transaction commits, and are retried when they throw.
      '${event}': { handler: onGreetingCreated, retries: 3 },
    },
  },
  routes: greetingRoutes,
  account: {
    // A user's data export and account deletion reach every plugin through these two hooks.
    exportUserData: async (ctx, userId) =>
      ctx.db.query('select id, message, created_at from ${table} where author_id = ? order by id', [userId]),
    deleteUserData: async (ctx, userId) => {
      await ctx.db.query('delete from ${table} where author_id = ?', [userId]);
    },
  },
});
`;

  files['src/entities/greeting.ts'] = `import { EntitySchema } from '@petamigos/core';

export interface Greeting {
  /** A UUIDv7: time-sortable, so the newest rows are an index scan and an id works as a cursor. */
  id: string;
  authorId: string;
  message: string;
  /** Set by the event handler once the greeting was delivered. */
  deliveredAt: Date | null;
  createdAt: Date;
}

export const Greeting = new EntitySchema<Greeting>({
  name: '${pascal}Greeting',
  // Every table of a plugin starts with its name, so plugins cannot collide.
  tableName: '${table}',
  properties: {
    id: { type: 'uuid', primary: true },
    authorId: { type: 'uuid', fieldName: 'author_id' },
    message: { type: 'text' },
    deliveredAt: { type: 'Date', fieldName: 'delivered_at', nullable: true },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
`;

  files['src/events.ts'] = `import { Type, type Static } from '@petamigos/core';
import type { Context } from './settings.js';

/** Events this plugin emits, with their payloads; other plugins subscribe to them by name. */
export const events = {
  '${event}': Type.Object({ id: Type.String(), authorId: Type.String(), message: Type.String() }),
};

export type GreetingCreated = Static<(typeof events)['${event}']>;

export async function onGreetingCreated(payload: GreetingCreated, ctx: Context): Promise<void> {
  // Runs once per event even with several processes; a throw here is retried with backoff.
  await ctx.db.query('update ${table} set delivered_at = now() where id = ? and delivered_at is null', [payload.id]);
  ctx.log.debug({ greeting: payload.id }, 'greeting delivered');
}
`;

  files['src/routes/greetings.ts'] = `import { HttpError, Type, type PluginApp } from '@petamigos/core';
import { v7 as uuidv7 } from 'uuid';
import { Greeting } from '../entities/greeting.js';
import type { Context } from '../settings.js';

const GreetingBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 60, description: 'Whom to greet.' }) }, { additionalProperties: false });
const GreetingView = Type.Object({ id: Type.String(), message: Type.String(), delivered: Type.Boolean(), createdAt: Type.String() });
const ListQuery = Type.Object({
  before: Type.Optional(Type.String({ format: 'uuid', description: 'Cursor: the nextCursor of the previous page.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

const view = (g: Greeting) => ({ id: g.id, message: g.message, delivered: g.deliveredAt !== null, createdAt: g.createdAt.toISOString() });

/** Mounted under /api/${name}; every schema here validates input and documents the route in /docs. */
export async function greetingRoutes(app: PluginApp, ctx: Context): Promise<void> {
  app.get('/greetings', {
    schema: { summary: 'Newest greetings first', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(GreetingView), nextCursor: Type.Union([Type.String(), Type.Null()]) }) } },
  }, async (request) => {
    const limit = request.query.limit ?? 20;
    const rows = await ctx.db.em().find(Greeting, request.query.before ? { id: { $lt: request.query.before } } : {}, { orderBy: { id: 'desc' }, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return { items: page.map(view), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
  });

  app.post('/greetings', {
    preHandler: ctx.auth.requirePermission('${permission}'),
    schema: { summary: 'Greet someone', body: GreetingBody, response: { 201: GreetingView } },
  }, async (request, reply) => {
    const message = \`\${ctx.settings.greeting}, \${request.body.name}!\`;
    if (message.length > ctx.settings.maxLength) {
      throw new HttpError(400, 'GREETING_TOO_LONG', \`A greeting may have at most \${ctx.settings.maxLength} characters.\`, { maxLength: ctx.settings.maxLength });
    }
    const greeting = await ctx.db.transaction(async (em) => {
      const row = em.create(Greeting, { id: uuidv7(), authorId: request.user!.id, message, deliveredAt: null, createdAt: new Date() });
      await em.flush();
      // Emitted inside the transaction: the event exists if and only if the greeting does.
      await ctx.events.emit('${event}', { id: row.id, authorId: row.authorId, message });
      return row;
    });
    return reply.status(201).send(view(greeting));
  });
}
`;

  files[`src/migrations/${migration}.ts`] = `import { Migration } from '@petamigos/core';

/** Migrations are the only way the schema changes; each runs in its own transaction. */
export class ${migration} extends Migration {
  override async up(): Promise<void> {
    this.addSql(\`create table ${table} (
      id uuid primary key,
      author_id uuid not null references kernel_user (id) on delete cascade,
      message text not null,
      delivered_at timestamptz,
      created_at timestamptz not null default now()
    )\`);
    this.addSql('create index ${table}_author_idx on ${table} (author_id)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table ${table}');
  }
}
`;

  files['locales/en.json'] = `${JSON.stringify({ title: pascal, 'greetings.empty': 'No greetings yet. Say hello!', 'greetings.new': 'Greet someone', 'errors.GREETING_TOO_LONG': 'That greeting is too long.' }, null, 2)}\n`;
  files['locales/es-MX.json'] = `${JSON.stringify({ title: pascal, 'greetings.empty': 'Todavía no hay saludos. ¡Saluda!', 'greetings.new': 'Saludar a alguien', 'errors.GREETING_TOO_LONG': 'Ese saludo es demasiado largo.' }, null, 2)}\n`;

  files[`test/${name}.test.ts`] = `import t from 'tap';
import { eachDatabase, startTestKernel } from '@petamigos/core/testing';
import plugin from '../src/index.js';

// Each test runs on PGlite and on PostgreSQL, on a fresh database with every migration applied.

t.test('greets, lists newest first and delivers through the event handler', async (t) => {
  await eachDatabase(t, 'greetings', async (t, database) => {
    const k = await startTestKernel({ plugins: [plugin], database });
    t.teardown(() => k.close());
    const ana = await k.createUser();

    const created = await k.app.inject({ method: 'POST', url: '/api/${name}/greetings', headers: ana.headers, payload: { name: 'Firulais' } });
    t.equal(created.statusCode, 201, created.body);
    t.match(created.json(), { message: 'Hola, Firulais!', delivered: false });
    await k.app.inject({ method: 'POST', url: '/api/${name}/greetings', headers: ana.headers, payload: { name: 'Canela' } });

    await k.settle();
    const list = await k.app.inject({ method: 'GET', url: '/api/${name}/greetings?limit=1' });
    t.equal(list.statusCode, 200);
    t.match(list.json(), { items: [{ message: 'Hola, Canela!', delivered: true }] });
    const next = await k.app.inject({ method: 'GET', url: \`/api/${name}/greetings?limit=1&before=\${list.json().nextCursor}\` });
    t.match(next.json(), { items: [{ message: 'Hola, Firulais!' }], nextCursor: null });
  });
});

t.test('refuses anonymous, invalid and over-long greetings', async (t) => {
  await eachDatabase(t, 'refusals', async (t, database) => {
    const k = await startTestKernel({ plugins: [plugin], database, config: { plugins: { ${/^[a-z]\w*$/.test(name) ? name : `'${name}'`}: { settings: { greeting: 'Buenos días', maxLength: 20 } } } } });
    t.teardown(() => k.close());
    const { headers } = await k.createUser();
    t.equal((await k.app.inject({ method: 'POST', url: '/api/${name}/greetings', payload: { name: 'Luna' } })).statusCode, 401);
    t.equal((await k.app.inject({ method: 'POST', url: '/api/${name}/greetings', headers, payload: { name: '' } })).statusCode, 400);
    const long = await k.app.inject({ method: 'POST', url: '/api/${name}/greetings', headers, payload: { name: 'Señor Bigotes' } });
    t.equal(long.statusCode, 400);
    t.equal(long.json().error.code, 'GREETING_TOO_LONG');
  });
});

t.test("a user's greetings are exported and deleted with their account", async (t) => {
  await eachDatabase(t, 'account hooks', async (t, database) => {
    const k = await startTestKernel({ plugins: [plugin], database });
    t.teardown(() => k.close());
    const ana = await k.createUser();
    await k.app.inject({ method: 'POST', url: '/api/${name}/greetings', headers: ana.headers, payload: { name: 'Tamal' } });
    const exported = await k.app.inject({ method: 'GET', url: '/api/users/me/export', headers: ana.headers });
    t.match(exported.json(), { plugins: { ${/^[a-z]\w*$/.test(name) ? name : `'${name}'`}: [{ message: 'Hola, Tamal!' }] } });
    const deleted = await k.app.inject({ method: 'DELETE', url: '/api/users/me', headers: ana.headers, payload: { password: ana.password } });
    t.equal(deleted.statusCode, 204, deleted.body);
    t.same(await k.sql('select id from ${table}'), []);
  });
});
`;

  files['README.md'] = `# ${pascal}

A [PetAmigos](https://github.com/petamigos/petamigos) plugin: people post greetings, newest first.
Scaffolded by \`petamigos create-plugin ${name}\`; every part below is yours to change.

## Enable it

\`\`\`sh
petamigos plugins enable ${name}      # edits petamigos.config.ts
petamigos start
\`\`\`

Published to npm, operators install it with \`petamigos plugins add ${o.packageName}\`.

## Settings

Under \`plugins.${name}.settings\` in \`petamigos.config.ts\`:

| key | default | what |
|---|---|---|
| \`greeting\` | \`'Hola'\` | put before the name in every greeting |
| \`maxLength\` | \`140\` | longest message accepted |

## API

| route | who | what |
|---|---|---|
| \`GET /api/${name}/greetings?limit=&before=\` | anyone | newest first, 20 a page; \`before\` is the previous page's \`nextCursor\` |
| \`POST /api/${name}/greetings\` \`{ "name": "Firulais" }\` | \`${permission}\` (users, moderators) | 201 with the greeting; 400 \`GREETING_TOO_LONG\` |

## Events

- emits \`${event}\` \`{ id, authorId, message }\`
- handles \`${event}\`: marks the greeting delivered

## Layout

\`\`\`
src/index.ts            the manifest: entities, migrations, permissions, events, routes, account hooks
src/settings.ts         the settings schema and defaults, and the typed context
src/entities/           MikroORM entity schemas (tables start with ${prefix})
src/migrations/         one class per schema change, applied in file-name order
src/routes/             the Fastify routes mounted under /api/${name}
src/events.ts           emitted event payloads and the handlers
locales/                strings, one file per language
test/                   tests against a real kernel on PGlite and PostgreSQL
\`\`\`

## Develop

\`\`\`sh
npm test          # tap: every test on PGlite and on PostgreSQL (PETAMIGOS_TEST_DATABASES=pglite for PGlite only)
npm run build     # tsc: dist/ is what \`petamigos start\` loads
\`\`\`

Add a migration by writing \`src/migrations/Migration<YYYYMMDDHHmmss>_<what>.ts\`; never edit one that has
shipped. Rebuild (\`npm run build\`) before \`petamigos start\`: the server runs the built JavaScript.
`;

  return files;
}
