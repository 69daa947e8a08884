import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Client } from 'graphql-ws';
import type { Identity } from '@sw/kernel';
import {
  assertData, declarationEvent, enterpriseCaller, firm, milestoneInput, minutesAgo, partnerCaller, REPORT, regulator, startTestLogistics, TRACKED,
  until, type TestLogistics,
} from '../testing/logistics-harness';

/** parcelTracked straight from the subgraph over graphql-ws, signed as the gateway signs callers. */
let t: TestLogistics;
const CARRIER = firm('tracked-carrier', ['LOGISTICS'], 'S001');
const SELLER = firm('tracked-seller', ['ECOMMERCE_ENTERPRISE'], 'S002');
const OUTSIDER = firm('tracked-outsider', ['ECOMMERCE_ENTERPRISE'], 'S003');
const CODE = CARRIER.customsCode!;

before(async () => {
  t = await startTestLogistics();
  await t.file(CARRIER, SELLER, OUTSIDER);
});

after(async () => {
  await t?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Result = { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** One subscription's results as they come; `ended` settles when the server completes or fails it. */
class Stream {
  readonly results: Result[] = [];
  readonly ended: Promise<unknown>;
  private readonly iterator: AsyncIterableIterator<Result>;

  constructor(client: Client, variables: Record<string, unknown>) {
    this.iterator = client.iterate({ query: TRACKED, variables }) as AsyncIterableIterator<Result>;
    this.ended = (async () => {
      for await (const result of this.iterator) this.results.push(result);
    })().catch((error: unknown) => error);
  }

  async received(count: number): Promise<Result[]> {
    assert.ok(await until(() => this.results.length >= count), `expected ${count} results, got ${JSON.stringify(this.results)}`);
    return this.results;
  }

  kinds(): string[] {
    return this.results.map((result) => result.data?.parcelTracked?.kind);
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

/** The bus head now: a stream from here misses nothing reported later, however long it takes to go live. */
async function head(): Promise<string> {
  const [{ seq }] = await t.sql`select coalesce(max(seq), 0)::text as seq from bus.events`;
  return seq as string;
}

const report = (no: string, kind: string, minutes: number, identity: Identity = enterpriseCaller(CARRIER.uscc)) =>
  t.request(REPORT, { input: milestoneInput(CODE, no, kind, minutesAgo(minutes)) }, identity).then((response) => assertData(response).reportParcelMilestone);

test('a subscriber receives each milestone of its waybill number as it is reported, and none of other numbers', async () => {
  const no = 'LN-TRACKED-1';
  const stream = new Stream(t.subscriber(regulator()), { no, after: await head() });
  const picked = await report(no, 'PICKED_UP', 30);
  await report('LN-TRACKED-OTHER', 'PICKED_UP', 30);
  const departed = await report(no, 'DEPARTED', 20);
  const results = await stream.received(2);
  assert.equal(results[0].errors, undefined, JSON.stringify(results[0].errors));
  assert.deepEqual(results.map((result) => result.data.parcelTracked), [picked, departed]);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(stream.kinds(), ['PICKED_UP', 'DEPARTED']);
  await stream.close();
});

test('after: the cursor of a milestone received replays those reported since, then live ones follow', async () => {
  const no = 'LN-TRACKED-2';
  const picked = await report(no, 'PICKED_UP', 30);
  await report(no, 'DEPARTED', 20);
  await report(no, 'ARRIVED', 10);
  const stream = new Stream(t.subscriber(enterpriseCaller(CARRIER.uscc)), { no, after: picked.cursor });
  await stream.received(2);
  await report(no, 'OUT_FOR_DELIVERY', 5);
  await stream.received(3);
  assert.deepEqual(stream.kinds(), ['DEPARTED', 'ARRIVED', 'OUT_FOR_DELIVERY']);
  await stream.close();
});

test('an enterprise receives a waybill\'s milestones only while it may read them: the seller from the moment its declaration is known', async () => {
  const no = 'LN-TRACKED-3';
  const from = await head();
  const seller = new Stream(t.subscriber(enterpriseCaller(SELLER.uscc)), { no, after: from });
  const outsider = new Stream(t.subscriber(enterpriseCaller(OUTSIDER.uscc)), { no, after: from });
  const watcher = new Stream(t.subscriber(regulator()), { no, after: from });
  await report(no, 'PICKED_UP', 30);
  await watcher.received(1);
  await t.publish(declarationEvent(randomUUID(), no, { carrier: CARRIER, enterprise: SELLER }));
  await t.settle();
  await report(no, 'DEPARTED', 20);
  await watcher.received(2);
  await seller.received(1);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(seller.kinds(), ['DEPARTED'], 'the pickup came before the seller could read the waybill');
  assert.deepEqual(outsider.results, []);
  for (const stream of [seller, outsider, watcher]) await stream.close();
});

test('a partner is FORBIDDEN, and a malformed cursor is BAD_USER_INPUT', async () => {
  const partner = new Stream(t.subscriber(partnerCaller(SELLER.uscc)), { no: 'LN-TRACKED-4' });
  await partner.ended;
  assert.equal(partner.results[0]?.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(partner.results));
  const malformed = new Stream(t.subscriber(regulator()), { no: 'LN-TRACKED-4', after: 'yesterday' });
  await malformed.ended;
  assert.equal(malformed.results[0]?.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(malformed.results));
});
