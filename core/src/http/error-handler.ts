import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { codeForStatus, errorBody, HttpError } from './errors.js';

interface ValidationItem {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * Maps every error to the kernel's error body. Client mistakes (4xx) keep their message; anything
 * else becomes a 500 that names only the request id, and the real error goes to the log.
 */
/** Localizes an error message by its code for this request, or null to keep the English one. */
export type ErrorLocalizer = (request: FastifyRequest, code: string, details: unknown) => string | null;

export function installErrorHandler(app: FastifyInstance, localize: ErrorLocalizer = () => null): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const body = (code: string, message: string, details: unknown) => errorBody(code, localize(request, code, details) ?? message, details);
    if (error.validation) {
      const where = error.validationContext ?? 'request';
      const details = (error.validation as ValidationItem[]).map((v) => validationDetail(where, v));
      const first = details[0]!;
      return reply.status(400).send(body('VALIDATION_FAILED', `${first.field ? `${first.in}.${first.field}` : first.in}: ${first.message}`, details));
    }
    if (error instanceof HttpError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      const retryAfter = (error.details as { retryAfter?: unknown } | null)?.retryAfter;
      if (error.statusCode === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return reply.status(error.statusCode).send(body(error.code, error.message, error.details));
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status < 500) {
      return reply.status(status).send(body(codeForStatus(status), clientMessage(error), error.code ? { fastifyCode: error.code } : null));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(body('INTERNAL', 'Something went wrong on our side. The request id helps the operator find out what.', { requestId: request.id }));
  });
}

function validationDetail(where: string, v: ValidationItem): { in: string; field: string; message: string; keyword?: string; params?: Record<string, unknown> } {
  const path = (v.instancePath ?? '').split('/').filter(Boolean);
  if (v.keyword === 'additionalProperties' && v.params?.additionalProperty) path.push(String(v.params.additionalProperty));
  if (v.keyword === 'required' && v.params?.missingProperty) path.push(String(v.params.missingProperty));
  const message =
    v.keyword === 'additionalProperties' ? 'is not an accepted field'
    : v.keyword === 'required' ? 'is required'
    : (v.message ?? 'is invalid');
  return { in: where, field: path.join('.'), message, keyword: v.keyword, params: v.params };
}

function clientMessage(error: FastifyError): string {
  // Fastify's JSON parser passes the bare SyntaxError through with status 400.
  if (error instanceof SyntaxError) return 'The body is not valid JSON.';
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return 'The request body is larger than this endpoint accepts.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return `Content type ${JSON.stringify(error.message.split(': ').pop())} is not supported here.`;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return 'The body is empty but the content type says JSON.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY': return 'The body is not valid JSON.';
    default: return error.message;
  }
}
