/** The tables every consuming schema keeps: its read offsets and the event ids it has processed. */
export function consumerTablesSql(schema: string): string[] {
  return [
    `create table "${schema}".consumer_offsets (consumer text primary key, seq bigint not null default 0)`,
    `create table "${schema}".processed_events (
       consumer text not null, event_id uuid not null, processed_at timestamptz not null default now(),
       primary key (consumer, event_id))`,
  ];
}
