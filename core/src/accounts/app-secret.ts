import type { FastifyBaseLogger } from 'fastify';
import type { ResolvedConfig } from '../config/resolved.js';
import { randomToken } from './crypto.js';
import type { Sql } from './sql.js';

/**
 * The secret that signs tokens. From PETAMIGOS_SECRET when set (production); otherwise generated
 * once and kept in the database, so an installation on embedded defaults works with nothing set
 * and every process of a cluster agrees on it.
 */
export async function resolveAppSecret(config: ResolvedConfig, sql: Sql, log: FastifyBaseLogger): Promise<string> {
  if (config.secrets.appSecret) {
    if (config.secrets.appSecret.length < 32) log.warn('PETAMIGOS_SECRET is shorter than 32 characters; use `openssl rand -hex 32`');
    return config.secrets.appSecret;
  }
  await sql("insert into kernel_setting (key, value) values ('app_secret', ?) on conflict (key) do nothing", [randomToken(48)]);
  const [row] = await sql<{ value: string }>("select value from kernel_setting where key = 'app_secret'");
  if (config.database.url) log.warn('PETAMIGOS_SECRET is not set: using a secret generated and stored in the database');
  return row!.value;
}
