import type { FetchNode } from '@apollo/query-planner';
import { createClient, type Client } from 'graphql-ws';
import {
  Kind, parse, print, parseType,
  type ArgumentNode, type DocumentNode, type FormattedExecutionResult, type FieldNode, type VariableDefinitionNode, type VariableNode, type GraphQLFormattedError, type OperationDefinitionNode,
} from 'graphql';
import { CURSOR_EXTENSION, CURSOR_HEARTBEAT_PARAM } from '@sw/kernel';
import WebSocket from 'ws';
import { rootFieldOf, type RootField } from './planner';

/** Response key under which the gateway asks the primary subgraph for each event's cursor. */
export const CURSOR_KEY = '_swCursor';
const AFTER_VARIABLE = '_swAfter';

export interface UpstreamRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

/**
 * The `Primary` fetch as sent to the subgraph: always asking for the event cursor (when the field
 * has one), and after a reconnection resuming from the last cursor seen by rewriting `after`.
 */
export class PrimaryRequest {
  private readonly document: DocumentNode;
  private readonly query: string;

  constructor(private readonly primary: FetchNode, private readonly root: RootField, private readonly variables: Record<string, unknown>) {
    this.document = root.hasCursor ? withCursor(parse(primary.operation)) : parse(primary.operation);
    this.query = print(this.document);
  }

  /** Whether a reconnection can resume where the stream was. */
  get resumable(): boolean {
    return this.root.hasCursor && this.root.afterType !== undefined;
  }

  /** The request that resumes after `cursor`, or the original one when there is none yet. */
  request(cursor: string | undefined): UpstreamRequest {
    const { operationName } = this.primary;
    if (cursor === undefined || !this.resumable) return { query: this.query, variables: this.variables, operationName };
    const after = this.root.after;
    if (after && 'variable' in after) return { query: this.query, variables: { ...this.variables, [after.variable]: cursor }, operationName };
    return { query: print(withAfterVariable(this.document, this.root.afterType!)), variables: { ...this.variables, [AFTER_VARIABLE]: cursor }, operationName };
  }

  /** The event's cursor, removed from the data the client never asked for it in. */
  takeCursor(result: FormattedExecutionResult): string | undefined {
    const event = result.data?.[this.root.responseKey] as Record<string, unknown> | null | undefined;
    if (!event || !(CURSOR_KEY in event)) return undefined;
    const cursor = event[CURSOR_KEY];
    delete event[CURSOR_KEY];
    return typeof cursor === 'string' || typeof cursor === 'number' ? String(cursor) : undefined;
  }
}

function withCursor(document: DocumentNode): DocumentNode {
  return editRoot(document, (field) => ({
    ...field,
    selectionSet: field.selectionSet && {
      ...field.selectionSet,
      selections: [...field.selectionSet.selections, { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: CURSOR_KEY }, name: { kind: Kind.NAME, value: 'cursor' } }],
    },
  }));
}

/** `after` set to a variable of the argument's own type, so a literal or an absent `after` can be resumed too. */
function withAfterVariable(document: DocumentNode, afterType: string): DocumentNode {
  const variable: VariableNode = { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } };
  const argument: ArgumentNode = { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'after' }, value: variable };
  const rewritten = editRoot(document, (field) => ({
    ...field,
    arguments: [...(field.arguments ?? []).filter((arg) => arg.name.value !== 'after'), argument],
  }));
  const [operation, ...rest] = rewritten.definitions as [OperationDefinitionNode, ...DocumentNode['definitions']];
  const definition: VariableDefinitionNode = { kind: Kind.VARIABLE_DEFINITION, variable, type: parseType(afterType) };
  return { ...rewritten, definitions: [{ ...operation, variableDefinitions: [...(operation.variableDefinitions ?? []), definition] }, ...rest] };
}

function editRoot(document: DocumentNode, edit: (field: FieldNode) => FieldNode): DocumentNode {
  const root = rootFieldOf(document);
  return {
    ...document,
    definitions: document.definitions.map((definition) => definition.kind !== Kind.OPERATION_DEFINITION ? definition : {
      ...definition,
      selectionSet: { ...definition.selectionSet, selections: definition.selectionSet.selections.map((selection) => (selection === root ? edit(root) : selection)) },
    }),
  };
}

export interface UpstreamEvents {
  next(result: FormattedExecutionResult): void;
  /** The subgraph refused or ended the stream with errors; it will not be retried. */
  error(errors: readonly GraphQLFormattedError[]): void;
  complete(): void;
}

export interface UpstreamOptions {
  /** The subgraph's graphql-ws URL. */
  url: string;
  /** `connection_init` payload, asked for again on every (re)connection so the signature is fresh. */
  connectionParams: () => Record<string, unknown>;
  reconnectMaxMs: number;
}

/**
 * One graphql-ws stream to the subgraph in `Primary`. A dropped connection is retried with
 * backoff for as long as the stream is wanted; each attempt resubscribes after the last cursor
 * seen, so a subgraph restart loses no event (and the subgraph's replay brings no duplicate).
 */
export class Upstream {
  private cursor?: string;
  private readonly client: Client;
  private unsubscribe?: () => void;
  private stopped = false;
  /** Connections made, for tests and metrics: more than one means reconnections. */
  connections = 0;

  constructor(private readonly request: PrimaryRequest, private readonly events: UpstreamEvents, options: UpstreamOptions) {
    this.client = createClient({
      url: options.url,
      webSocketImpl: WebSocket,
      connectionParams: () => ({ ...options.connectionParams(), [CURSOR_HEARTBEAT_PARAM]: true }),
      lazy: true,
      // The subgraph pings this socket too; ours finds a silent subgraph within half a minute.
      keepAlive: 30_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      // A subgraph that refuses the gateway's signature (4403) will not change its mind.
      shouldRetry: (closed) => !(isCloseEvent(closed) && closed.code === 4403),
      retryWait: async (retries) => {
        const ms = Math.min(options.reconnectMaxMs, 100 * 2 ** retries) * (0.5 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
      on: { connected: () => void this.connections++ },
    });
  }

  get lastCursor(): string | undefined {
    return this.cursor;
  }

  start(): void {
    const upstream = this;
    // graphql-ws serialises the payload on every (re)subscription: the getters resume from the latest cursor.
    const payload = {
      get query() { return upstream.request.request(upstream.cursor).query; },
      get variables() { return upstream.request.request(upstream.cursor).variables; },
      get operationName() { return upstream.request.request(upstream.cursor).operationName; },
    };
    this.unsubscribe = this.client.subscribe<Record<string, unknown>, Record<string, unknown>>(payload as never, {
      next: (result) => {
        const idle = result.extensions?.[CURSOR_EXTENSION];
        if (result.data === undefined && result.errors === undefined && typeof idle === 'string') {
          // Where the stream stands while no event comes (a kernel subgraph says so): not an event.
          if (this.isNewer(idle)) this.cursor = idle;
          return;
        }
        const cursor = this.request.takeCursor(result);
        if (cursor !== undefined) {
          // A subgraph that replays inclusively would repeat the last event; drop what is not newer.
          if (!this.isNewer(cursor)) return;
          this.cursor = cursor;
        }
        this.events.next(result);
      },
      error: (error) => {
        if (this.stopped) return;
        this.events.error(upstreamErrors(error));
      },
      complete: () => {
        if (!this.stopped) this.events.complete();
      },
    });
  }

  private isNewer(cursor: string): boolean {
    return this.cursor === undefined || !isSeq(cursor) || !isSeq(this.cursor) || BigInt(cursor) > BigInt(this.cursor);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.client.dispose();
  }
}

const isSeq = (cursor: string) => /^\d{1,19}$/.test(cursor);

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;
}

function upstreamErrors(error: unknown): readonly GraphQLFormattedError[] {
  if (Array.isArray(error)) return error as GraphQLFormattedError[];
  const detail = isCloseEvent(error) ? `closed ${error.code}${error.reason ? `: ${error.reason}` : ''}` : (error as Error)?.message ?? String(error);
  return [{ message: `the subscription's source stream failed (${detail})`, extensions: { code: 'UPSTREAM_UNAVAILABLE' } }];
}
