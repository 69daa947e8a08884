import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { TrustedDocumentsMode } from './config';
import { refused } from './errors';
import { neutralise } from './refusal';

/** sha256 (hex) → query text, as Apollo's persisted queries hash it. */
export type TrustedDocuments = ReadonlyMap<string, string>;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Reads a manifest: `{ "<sha256>": "<query text>" }`, or an Apollo persisted-query manifest
 * (`{ format: "apollo-persisted-query-manifest", operations: [{ id, body }] }`). Every id must
 * be the sha256 of its text, so a client can send either; a wrong one stops the start.
 */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS_PATH ${path}: ${(error as Error).message}`);
  }
  const entries: [string, unknown][] = isApolloManifest(parsed)
    ? parsed.operations.map((operation) => [String(operation.id), operation.body])
    : typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.entries(parsed) : [];
  if (entries.length === 0) throw new Error(`TRUSTED_DOCUMENTS_PATH ${path}: expected a non-empty JSON object of sha256 → query text`);
  const documents = new Map<string, string>();
  const wrong: string[] = [];
  for (const [id, text] of entries) {
    if (typeof text !== 'string' || sha256(text) !== id.toLowerCase()) wrong.push(id);
    else documents.set(id.toLowerCase(), text);
  }
  if (wrong.length > 0) throw new Error(`TRUSTED_DOCUMENTS_PATH ${path}: these ids are not the sha256 of their query text: ${wrong.join(', ')}`);
  return documents;
}

function isApolloManifest(value: unknown): value is { operations: { id: unknown; body: unknown }[] } {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'apollo-persisted-query-manifest'
    && Array.isArray((value as { operations?: unknown }).operations);
}

/**
 * Trusted documents. `allow`: a listed document may be sent by its hash alone (as if already
 * registered by APQ); anything else runs as usual. `require`: only listed documents run, sent
 * by hash (`extensions.persistedQuery.sha256Hash`) or in full; others are FORBIDDEN.
 */
export function trustedDocumentsPlugin(mode: Exclude<TrustedDocumentsMode, 'off'>, documents: TrustedDocuments): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart(requestContext) {
      const { request } = requestContext;
      const persisted = request.extensions?.persistedQuery as { version?: number; sha256Hash?: unknown } | undefined;
      const hash = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash.toLowerCase() : undefined;
      if (typeof request.query !== 'string' && hash !== undefined && documents.has(hash)) {
        // Apollo then checks the hash against this text and runs it as a registered APQ.
        request.query = documents.get(hash);
        return;
      }
      if (mode === 'allow') return;
      if (typeof request.query === 'string' && documents.has(sha256(request.query))) return;
      const sent = hash ?? (typeof request.query === 'string' ? sha256(request.query) : undefined);
      neutralise(requestContext);
      return {
        async didResolveOperation({ contextValue }) {
          throw refused(
            `only trusted documents run here (TRUSTED_DOCUMENTS=require): ${sent ? `the document ${sent} is not in the manifest` : 'send a listed document or its sha256 in extensions.persistedQuery.sha256Hash'}`,
            `此处只执行受信任文档：${sent ? `文档 ${sent} 不在清单中` : '请发送清单中的文档或其 sha256（extensions.persistedQuery.sha256Hash）'}`,
            contextValue.lang,
          );
        },
      };
    },
  };
}
