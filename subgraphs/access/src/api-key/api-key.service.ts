import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  actorOf, badInput, defineLoader, notFound, pageRequest, publish, requireScope, toConnection,
  type Connection, type Identity, type RequestContext,
} from '@sw/kernel';
import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { requireGateway } from '../internal';
import { ApiKeyEntity } from './api-key.entity';
import type { IssueApiKeyInput, IssuedApiKey } from './api-key.type';
import { assertMayIssue, isKeyHash, isUuid, mayManage, validIssue } from './api-key.validation';

const CURSOR_KIND = 'apikey';
const MANAGE = 'keys:manage';

/** What the gateway looks a bearer key up by: SHA-256 of the key's UTF-8 bytes, lower-case hex. */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key: `sw_` and 32 random bytes in base64url (43 characters). */
function newApiKey(): string {
  return `sw_${randomBytes(32).toString('base64url')}`;
}

/** Issuing, revoking, listing and verifying API keys; every change publishes its event in the same transaction. */
export class ApiKeyService {
  readonly byId = defineLoader<string, ApiKeyEntity>('apiKeyById', async (ids) => {
    // A malformed id cannot exist, and would make the uuid comparison fail the whole batch.
    const wanted = ids.filter(isUuid);
    if (wanted.length === 0) return new Map();
    return new Map((await this.db.getRepository(ApiKeyEntity).findBy({ id: In(wanted) })).map((row) => [row.id, row]));
  });

  constructor(private readonly db: DataSource) {}

  async issue(input: IssueApiKeyInput, context: RequestContext): Promise<IssuedApiKey> {
    const identity = requireScope(context, MANAGE);
    const issue = validIssue(input);
    assertMayIssue(identity, issue);
    const key = newApiKey();
    const entity: ApiKeyEntity = {
      id: randomUUID(), keyHash: apiKeyHash(key), label: issue.label, role: issue.role, uscc: issue.uscc, scopes: issue.scopes,
      createdAt: new Date(), expiresAt: issue.expiresAt, revokedAt: null, createdBy: actorOf(context),
    };
    await this.db.transaction(async (manager) => {
      await manager.insert(ApiKeyEntity, entity);
      await publish(manager, {
        type: 'access.key.issued', subject: entity.id, actor: entity.createdBy,
        data: {
          keyId: entity.id, role: entity.role, uscc: entity.uscc, scopes: entity.scopes,
          expiresAt: entity.expiresAt?.toISOString() ?? null, label: entity.label,
        },
      });
    });
    return { id: entity.id, key, role: entity.role, uscc: entity.uscc, scopes: entity.scopes, expiresAt: entity.expiresAt };
  }

  /**
   * Revokes a key from the next request on. Idempotent: revoking a revoked key answers true again
   * and changes nothing (no second event, the first revokedAt stays), so a retry is always safe.
   */
  async revoke(id: string, context: RequestContext): Promise<boolean> {
    const identity = requireScope(context, MANAGE);
    if (!isUuid(id)) throw badInput('id', 'must be an API key id (a UUID, as issueApiKey and apiKeys return it)');
    return this.db.transaction(async (manager) => {
      const key = await manager.findOne(ApiKeyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      // Another enterprise's key is reported as missing: its existence is none of the caller's business.
      if (!key || !mayManage(identity, key)) throw notFound(`API key ${id}`);
      if (key.revokedAt) return true;
      await manager.update(ApiKeyEntity, { id }, { revokedAt: new Date() });
      await publish(manager, { type: 'access.key.revoked', subject: id, actor: actorOf(context), data: { keyId: id } });
      return true;
    });
  }

  /** Newest first; a REGULATOR sees every key, anyone else holding keys:manage those of its own USCC. */
  async list(first: number | null | undefined, after: string | null | undefined, context: RequestContext): Promise<Connection<ApiKeyEntity>> {
    const identity = requireScope(context, MANAGE);
    const page = pageRequest(first, after, CURSOR_KIND);
    const query = this.db.getRepository(ApiKeyEntity).createQueryBuilder('k');
    restrictToManaged(query, identity);
    const totalCount = await query.getCount();
    if (page.after) {
      const position = decodePosition(page.after);
      query.andWhere('(k.created_at, k.id) < (:at, :id)', position);
    }
    const rows = await query.orderBy('k.createdAt', 'DESC').addOrderBy('k.id', 'DESC').limit(page.first + 1).getMany();
    return toConnection(rows, page, totalCount, CURSOR_KIND, positionOf);
  }

  /** For the gateway only: the key whose hash this is, revoked and expired ones included, or null. */
  async verify(keyHash: string, context: RequestContext): Promise<ApiKeyEntity | null> {
    requireGateway(context, 'keys:verify');
    if (!isKeyHash(keyHash)) throw badInput('keyHash', 'must be the SHA-256 of the key as 64 lower-case hex digits');
    return this.db.getRepository(ApiKeyEntity).findOneBy({ keyHash });
  }

  /** An `ApiKey` reference: through the request's loader, and only for a caller who may manage that key. */
  async reference(id: string, context: RequestContext): Promise<ApiKeyEntity | null> {
    const identity = requireScope(context, MANAGE);
    const key = await context.loaders.get(this.byId).load(id);
    return key && mayManage(identity, key) ? key : null;
  }
}

function restrictToManaged(query: SelectQueryBuilder<ApiKeyEntity>, identity: Identity): void {
  if (identity.role === 'REGULATOR') return;
  if (identity.uscc === undefined) query.andWhere('false');
  else query.andWhere('k.uscc = :uscc', { uscc: identity.uscc });
}

/** The cursor holds the sort key: creation time (milliseconds, as stored) and id. */
const positionOf = (key: ApiKeyEntity) => `${key.createdAt.toISOString()}|${key.id}`;

function decodePosition(raw: string): { at: Date; id: string } {
  const [at, id] = raw.split('|');
  const time = new Date(at ?? '');
  if (!id || !isUuid(id) || Number.isNaN(time.getTime())) {
    throw badInput('after', 'is not a cursor from this list; pass an endCursor you received');
  }
  return { at: time, id };
}
