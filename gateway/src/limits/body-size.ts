import type { IncomingMessage } from 'node:http';
import { languageOf, type Language } from '@sw/kernel';
import bytes from 'bytes';
import express, { type RequestHandler, type Response } from 'express';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

export interface BodyLimits {
  /** BODY_LIMIT: every operation. */
  limit: string | number;
  /** BULK_BODY_LIMIT: operations whose root fields are all bulk mutations. */
  bulkLimit: number;
  bulkOperations: ReadonlySet<string>;
  /** Query text for a hash-only (persisted) request, when the gateway knows it. */
  documentFor?: (sha256: string) => string | undefined;
}

/**
 * Parses the JSON body with the bulk limit and then holds every other operation to the
 * normal one, answering both limits (and malformed JSON) as a GraphQL error instead of
 * express's HTML page: HTTP 413 (400 for bad JSON) with
 * `{ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field: 'body', limit } }] }`.
 * Placed before express.json(), which then finds the body already read. A body without an
 * Authorization header is not read past the normal limit (bulk operations are mutations,
 * which need a verified caller anyway).
 */
export function bodyLimit(limits: BodyLimits): RequestHandler {
  const normal = bytes.parse(limits.limit) ?? 0;
  const bulk = Math.max(normal, limits.bulkLimit);
  const lengths = new WeakMap<IncomingMessage, number>();
  const verify = (req: IncomingMessage, _res: unknown, buffer: Buffer) => {
    lengths.set(req, buffer.length);
  };
  // Without a verified caller no bulk operation can run, so such a body is never read past the normal limit.
  const normalParser = express.json({ limit: normal, verify });
  const bulkParser = express.json({ limit: bulk, verify });
  return (req, res, next) => {
    const lang = languageOf(req.headers['accept-language']);
    const mayBeBulk = Boolean(req.headers.authorization);
    (mayBeBulk ? bulkParser : normalParser)(req, res, (error?: unknown) => {
      if (error) return bodyError(res, error as { type?: string; status?: number }, mayBeBulk ? bulk : normal, lang);
      const length = lengths.get(req) ?? 0;
      if (length > normal && !isBulk(req.body, limits, normal)) return tooLarge(res, normal, lang);
      next();
    });
  };
}

/** Whether the body is one mutation whose root fields are all bulk operations. */
function isBulk(body: unknown, limits: BodyLimits, normal: number): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { query, operationName, extensions } = body as { query?: unknown; operationName?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } };
  const hash = extensions?.persistedQuery?.sha256Hash;
  const text = typeof query === 'string' ? query : typeof hash === 'string' ? limits.documentFor?.(hash.toLowerCase()) : undefined;
  // A bulk operation's size is in its variables; its text is small.
  if (text === undefined || text.length > normal) return false;
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(text, { maxTokens: 10_000 }).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
  const operation = typeof operationName === 'string' ? operations.find((op) => op.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (operation?.operation !== 'mutation') return false;
  const fields = operation.selectionSet.selections;
  return fields.length > 0 && fields.every((field) => field.kind === Kind.FIELD && (field.name.value === '__typename' || limits.bulkOperations.has(field.name.value)))
    && fields.some((field) => field.kind === Kind.FIELD && field.name.value !== '__typename');
}

function bodyError(res: Response, error: { type?: string; status?: number }, bulk: number, lang: Language): void {
  if (error.type === 'entity.too.large') return tooLarge(res, bulk, lang);
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 400;
  const message = error.type === 'entity.parse.failed'
    ? (lang === 'zh' ? '请求体不是有效的 JSON' : 'the request body is not valid JSON')
    : (lang === 'zh' ? '无法读取请求体' : `the request body could not be read (${error.type ?? 'error'})`);
  send(res, status, message, {});
}

function tooLarge(res: Response, limit: number, lang: Language): void {
  const size = bytes.format(limit) ?? `${limit}B`;
  send(res, 413, lang === 'zh' ? `请求体超过上限 ${size}` : `the request body exceeds the limit of ${size}`, { limit });
}

function send(res: Response, status: number, message: string, extra: Record<string, unknown>): void {
  res.status(status).json({ errors: [{ message: `body: ${message}`, extensions: { code: 'BAD_USER_INPUT', field: 'body', ...extra } }] });
}
