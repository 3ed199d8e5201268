import Type, { type Static } from 'typebox';

/**
 * The shape of `petamigos.config.ts`. Every key is optional: an empty config runs on embedded
 * defaults. Defaults live here and nowhere else; driver choices derived from them live in
 * `drivers.ts`. Secrets are deliberately absent: they come only from the environment (`env.ts`).
 */
const section = <T extends Record<string, Type.TSchema>>(properties: T, description: string) =>
  Type.Optional(Type.Object(properties, { additionalProperties: false, default: {}, description }));

const httpUrl = (description: string) =>
  Type.String({ pattern: '^https?://[^\\s]+$', description });

export const ConfigSchema = Type.Object(
  {
    site: section(
      {
        name: Type.Optional(Type.String({ minLength: 1, default: 'PetAmigos', description: 'Shown in the UI, mails and the OpenAPI document.' })),
        publicUrl: Type.Optional({ ...httpUrl('The URL people use to reach this installation.'), default: 'http://localhost:3000' }),
        defaultLocale: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', default: 'es-MX', description: 'Language for visitors who have not chosen one.' })),
      },
      'Who this installation is.',
    ),
    server: section(
      {
        host: Type.Optional(Type.String({ default: '0.0.0.0' })),
        port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, default: 3000 })),
        trustProxy: Type.Optional(Type.Union([Type.Boolean(), Type.String(), Type.Array(Type.String())], { default: false, description: 'Set when behind a load balancer so client IPs are read from X-Forwarded-For.' })),
        bodyLimit: Type.Optional(Type.Integer({ minimum: 1024, default: 1_048_576, description: 'Largest JSON body accepted, in bytes (uploads have their own limits).' })),
      },
      'The HTTP listener.',
    ),
    database: section(
      {
        url: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL URL. Unset: embedded PGlite. Prefer DATABASE_URL; a password here is refused.' })),
        pglite: section({ dataDir: Type.Optional(Type.String({ minLength: 1, default: './data/pglite' })) }, 'Embedded database.'),
        pool: section({ max: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 10 })) }, 'Connection pool (PostgreSQL only; PGlite always uses one connection).'),
        autoMigrate: Type.Optional(Type.Boolean({ description: 'Apply pending migrations at start. Default: on for PGlite, off for PostgreSQL.' })),
        debug: Type.Optional(Type.Boolean({ default: false, description: 'Log every SQL query.' })),
      },
      'Where data lives.',
    ),
    redis: section(
      {
        url: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'Unset: in-process jobs, events and cache. Prefer REDIS_URL.' })),
        keyPrefix: Type.Optional(Type.String({ default: 'petamigos:' })),
      },
      'Redis for jobs, events, cache and rate limits across processes.',
    ),
    storage: section(
      {
        driver: Type.Optional(Type.Union([Type.Literal('local'), Type.Literal('s3')], { description: 'Unset: s3 when storage.s3.endPoint is set, else local.' })),
        local: section(
          {
            dir: Type.Optional(Type.String({ minLength: 1, default: './data/storage' })),
            publicBaseUrl: Type.Optional(httpUrl('Where local files are served. Default: <site.publicUrl>/files.')),
          },
          'Local folder storage.',
        ),
        s3: section(
          {
            endPoint: Type.Optional(Type.String({ minLength: 1 })),
            port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
            useSSL: Type.Optional(Type.Boolean({ default: true })),
            bucket: Type.Optional(Type.String({ minLength: 3, default: 'petamigos' })),
            region: Type.Optional(Type.String({ default: 'us-east-1' })),
            publicBaseUrl: Type.Optional(httpUrl('URL public objects are read from (a CDN, or the bucket URL). Default: the S3 endpoint.')),
          },
          'S3-compatible storage (MinIO). Keys come from S3_ACCESS_KEY and S3_SECRET_KEY.',
        ),
      },
      'Uploaded files.',
    ),
    search: section(
      {
        driver: Type.Optional(Type.Union([Type.Literal('postgres'), Type.Literal('meilisearch')], { description: 'Unset: meilisearch when search.meilisearch.host is set, else postgres.' })),
        meilisearch: section({ host: Type.Optional(httpUrl('Meilisearch URL. The key comes from MEILISEARCH_API_KEY.')) }, 'Meilisearch.'),
      },
      'Full-text search.',
    ),
    mail: section(
      {
        from: Type.Optional(Type.String({ minLength: 3, default: 'PetAmigos <no-reply@localhost>' })),
        smtp: section(
          {
            host: Type.Optional(Type.String({ minLength: 1 })),
            port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, default: 587 })),
            secure: Type.Optional(Type.Boolean({ default: false })),
            user: Type.Optional(Type.String()),
          },
          'SMTP. Unset host: mail goes to the outbox table and the log. The password comes from SMTP_PASSWORD.',
        ),
      },
      'Outgoing mail.',
    ),
    security: section(
      {
        corsOrigins: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'Origins allowed to call the API from a browser (besides the public URL).' })),
        rateLimit: section(
          {
            max: Type.Optional(Type.Integer({ minimum: 1, default: 300, description: 'Requests per client per window.' })),
            timeWindow: Type.Optional(Type.Integer({ minimum: 1000, default: 60_000, description: 'Window length in milliseconds.' })),
          },
          'Per-client request rate limit.',
        ),
        authRateLimit: section(
          {
            max: Type.Optional(Type.Integer({ minimum: 1, default: 10, description: 'Attempts per window on register, login, refresh, password reset and 2FA, per IP and per account.' })),
            timeWindow: Type.Optional(Type.Integer({ minimum: 1000, default: 60_000 })),
          },
          'Stricter limits for account endpoints.',
        ),
      },
      'Browser and abuse protection.',
    ),
    cache: section(
      { maxEntries: Type.Optional(Type.Integer({ minimum: 100, default: 10_000, description: 'Entries kept by the in-memory cache (without Redis).' })) },
      'The cache.',
    ),
    jobs: section(
      {
        stalledIntervalMs: Type.Optional(Type.Integer({ minimum: 100, default: 30_000, description: "How often BullMQ workers look for jobs whose worker died. Use the same value on every worker." })),
        lockDurationMs: Type.Optional(Type.Integer({ minimum: 100, default: 30_000, description: "How long a worker's claim on a job lasts without renewal." })),
      },
      'Background jobs.',
    ),
    media: section(
      {
        ffmpegPath: Type.Optional(Type.String({ minLength: 1, description: "System ffmpeg binary (or its folder). Default: ffmpeg on PATH. Without ffmpeg, video uploads are refused." })),
        maxImagePixels: Type.Optional(Type.Integer({ minimum: 1_000_000, default: 50_000_000, description: 'Images with more pixels are refused before decoding (decompression bombs).' })),
        maxVideoSeconds: Type.Optional(Type.Integer({ minimum: 1, default: 600 })),
        maxVideoBytes: Type.Optional(Type.Integer({ minimum: 1_000_000, default: 2 * 1024 ** 3 })),
      },
      'Image and video processing.',
    ),
    accounts: section(
      {
        registration: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')], { default: 'open', description: 'closed: only admins create accounts (CLI).' })),
        firstUserIsAdmin: Type.Optional(Type.Boolean({ default: false, description: 'On an installation with no users, the first sign-up becomes admin. Off by default: create the first admin with the CLI.' })),
        requireEmailVerification: Type.Optional(Type.Boolean({ default: false, description: 'Refuse log-in until the email address is verified.' })),
        passwordMinLength: Type.Optional(Type.Integer({ minimum: 8, maximum: 64, default: 10 })),
        passwordHashing: section(
          {
            memoryKiB: Type.Optional(Type.Integer({ minimum: 1024, default: 65_536, description: 'argon2id memory cost.' })),
            iterations: Type.Optional(Type.Integer({ minimum: 1, default: 3, description: 'argon2id time cost.' })),
          },
          'argon2id cost; the defaults follow the argon2 library. Raise them on strong hardware.',
        ),
      },
      'Sign-up, log-in and account rules.',
    ),
    plugins: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        default: {},
        description: 'Enabled plugins by name: `true`, or `{ enabled?, package?, settings? }`.',
      }),
    ),
    theme: Type.Optional(Type.String({ minLength: 1, default: 'default', description: 'Folder name under themes/.' })),
    logLevel: Type.Optional(
      Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
    ),
  },
  { additionalProperties: false },
);

/** What an operator writes in `petamigos.config.ts`. */
export type PetAmigosConfig = Static<typeof ConfigSchema>;

/** How one plugin is listed under `plugins`. */
export type PluginConfigEntry =
  | boolean
  | {
      /** Default true: listing a plugin enables it; `false` keeps it installed but off. */
      enabled?: boolean;
      /** npm package to load the plugin from, when it is not a folder under plugins/. */
      package?: string;
      /** Validated against the plugin's settings schema. */
      settings?: Record<string, unknown>;
    };
