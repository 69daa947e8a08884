import type { EventType } from './catalogue';

/** The bus envelope, as every consumer sees it. */
export interface BusEvent {
  id: string;
  seq: bigint;
  type: EventType;
  subject: string;
  occurredAt: Date;
  actor: string;
  data: Record<string, unknown>;
}

export interface NewEvent {
  type: EventType;
  /** What the event is about, e.g. the USCC of an enterprise. */
  subject: string;
  /** Who caused it: the caller's subject, or `system`. */
  actor: string;
  data: Record<string, unknown>;
}
