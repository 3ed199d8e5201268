import type { FastifyBaseLogger } from 'fastify';
import { pino, type DestinationStream } from 'pino';
import type { ResolvedConfig } from './config/resolved.js';

/** Structured JSON logs (pino); secrets that may pass through requests are redacted. */
export function createLogger(config: Pick<ResolvedConfig, 'logLevel'>, destination?: DestinationStream): FastifyBaseLogger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    },
    destination ?? pino.destination(1),
  ) as unknown as FastifyBaseLogger;
}
