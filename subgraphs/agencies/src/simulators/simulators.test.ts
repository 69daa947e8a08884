import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogger, residentIdProblem, usccProblem } from '@sw/kernel';
import {
  AGENCIES, customsRejects, identityFixture, isNewEnterprise, receiptPlanFor, registeredNameFor, sampleIdNumber,
  sampleUscc, saicHasPublicity, saicKnows, saicRecordFor, startSimulator, taxRatingFor,
  type CustomsReceipt, type RunningSimulator,
} from './index';

interface Answer {
  status: number;
  body: any;
}

async function call(sim: RunningSimulator, method: string, path: string, options: { body?: unknown; token?: string | null; rawBody?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? sim.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const response = await fetch(`${sim.url}${path}`, { method, headers, body });
  return { status: response.status, body: await response.json() };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY = /^\d+\.\d{2}$/;
const isInstant = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;

const USCCS = Array.from({ length: 300 }, (_, i) => sampleUscc(`shape-${i}`));
const KNOWN = sampleUscc('known', (uscc) => saicKnows(uscc) && !saicHasPublicity(uscc));
const UNKNOWN = sampleUscc('unknown', (uscc) => !saicKnows(uscc));
const LISTED = sampleUscc('listed', saicHasPublicity);

describe('every simulator', () => {
  const sims: RunningSimulator[] = [];
  before(async () => {
    for (const agency of AGENCIES) sims.push(await startSimulator(agency, { port: 0 }));
  });
  after(async () => {
    await Promise.all(sims.map((sim) => sim.stop()));
  });

  test('answers /healthz without a token and refuses everything else without the right one', async () => {
    for (const sim of sims) {
      assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(sim.token, `sim-${sim.agency}-token`);
      assert.deepEqual(await call(sim, 'GET', '/healthz', { token: null }), { status: 200, body: { status: 'ok', agency: sim.agency } });
      assert.deepEqual(await call(sim, 'GET', '/__control', { token: null }), { status: 401, body: { error: 'unauthorized' } });
      assert.deepEqual(await call(sim, 'GET', '/__control', { token: 'wrong' }), { status: 401, body: { error: 'unauthorized' } });
      assert.deepEqual(await call(sim, 'POST', '/__control', { token: 'wrong', body: { fail: true } }), { status: 401, body: { error: 'unauthorized' } });
      assert.deepEqual(await call(sim, 'GET', '/nothing-here'), { status: 404, body: { error: 'not found' } });
      assert.deepEqual(await call(sim, 'GET', '/nothing-here', { token: null }), { status: 401, body: { error: 'unauthorized' } });
    }
    const saic = sims[0]!;
    assert.deepEqual(await call(saic, 'GET', `/enterprises/${KNOWN}`, { token: null }), { status: 401, body: { error: 'unauthorized' } });
  });

  test('control: latency slows answers, fail answers 503 (or failStatus), and settings return to normal', async () => {
    for (const sim of sims) {
      const initial = await call(sim, 'GET', '/__control');
      assert.equal(initial.status, 200);
      assert.equal(initial.body.latencyMs, 0);
      assert.equal(initial.body.fail, false);
      assert.equal(initial.body.failStatus, 503);

      const slowed = await call(sim, 'POST', '/__control', { body: { latencyMs: 150 } });
      assert.equal(slowed.status, 200);
      assert.equal(slowed.body.latencyMs, 150);
      const started = Date.now();
      assert.equal((await call(sim, 'GET', '/healthz')).status, 200);
      assert.ok(Date.now() - started >= 140, `healthz took ${Date.now() - started} ms with latencyMs 150`);

      await sim.control({ latencyMs: 0, fail: true });
      assert.deepEqual(await call(sim, 'GET', '/healthz'), { status: 503, body: { error: 'simulated outage' } });
      assert.deepEqual(await call(sim, 'GET', '/anything'), { status: 503, body: { error: 'simulated outage' } });
      // Control itself is never failed, and auth still comes first.
      assert.equal((await call(sim, 'GET', '/__control')).body.fail, true);
      assert.equal((await call(sim, 'GET', '/anything', { token: null })).status, 401);

      await sim.control({ failStatus: 500 });
      assert.deepEqual(await call(sim, 'GET', '/healthz'), { status: 500, body: { error: 'simulated outage' } });

      await sim.control({ reset: true });
      assert.deepEqual(await call(sim, 'GET', '/healthz'), { status: 200, body: { status: 'ok', agency: sim.agency } });
    }
  });

  test('control: a seeded failure rate is reproducible; invalid settings are refused whole', async () => {
    const sim = sims[0]!;
    const run = async () => {
      await sim.control({ failureRate: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await call(sim, 'GET', '/healthz')).status);
      return statuses;
    };
    const first = await run();
    assert.deepEqual(await run(), first);
    assert.ok(first.includes(503) && first.includes(200), `a 0.5 failure rate should mix answers: ${first.join(',')}`);
    await sim.control({ failureRate: 1, seed: null });
    assert.equal((await call(sim, 'GET', '/healthz')).status, 503);

    const refused = await call(sim, 'POST', '/__control', { body: { failureRate: 0, latencyMs: -1 } });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error, /latencyMs/);
    assert.equal((await call(sim, 'GET', '/__control')).body.failureRate, 1, 'nothing applied from a refused control body');
    assert.equal((await call(sim, 'POST', '/__control', { body: { latency: 10 } })).status, 400);
    assert.equal((await call(sim, 'POST', '/__control', { body: { failureRate: 2 } })).status, 400);
    assert.equal((await call(sim, 'POST', '/__control', { body: { receiptStepMs: 10 } })).status, 400, 'a customs setting is unknown to SAIC');
    await assert.rejects(sim.control({ failStatus: 200 }), /failStatus/);
    await sim.control({ reset: true });
    assert.equal((await call(sim, 'GET', '/healthz')).status, 200);
  });

  test('a body that is not JSON is a 400 that does not echo it', async () => {
    const ps = sims.find((sim) => sim.agency === 'public-security')!;
    const answer = await call(ps, 'POST', '/identity/verify', { rawBody: '{"idNumber": 11010519491231002X' });
    assert.deepEqual(answer, { status: 400, body: { error: 'body is not valid JSON' } });
  });
});

describe('SAIC simulator', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator('saic', { port: 0 });
  });
  after(() => sim.stop());

  test('the same USCC gets the same record, of the documented shape', async () => {
    const first = await call(sim, 'GET', `/enterprises/${KNOWN}`);
    assert.equal(first.status, 200);
    assert.deepEqual(await call(sim, 'GET', `/enterprises/${KNOWN}`), first);
    assert.deepEqual(first.body, saicRecordFor(KNOWN)!);
    const record = first.body;
    assert.deepEqual(Object.keys(record).sort(), [
      'businessScope', 'currency', 'establishedOn', 'legalForm', 'name', 'publicityEntries', 'registeredCapital', 'status', 'uscc',
    ]);
    assert.equal(record.uscc, KNOWN);
    assert.match(record.name, /^(河南|郑州|开封|洛阳|新乡|焦作|三门峡|南阳|信阳).+(有限公司)$/);
    assert.match(record.legalForm, /(有限责任公司|股份有限公司)/);
    assert.match(record.registeredCapital, MONEY);
    assert.equal(record.currency, 'CNY');
    assert.match(record.establishedOn, DATE);
    assert.match(record.businessScope, /^一般项目：/);
    assert.deepEqual(record.publicityEntries, []);
  });

  test('about 1 in 20 USCCs is unknown (404) and about 1 in 8 has publicity entries', async () => {
    assert.deepEqual(await call(sim, 'GET', `/enterprises/${UNKNOWN}`), { status: 404, body: { error: 'not found' } });
    const listed = await call(sim, 'GET', `/enterprises/${LISTED}`);
    assert.equal(listed.status, 200);
    assert.ok(listed.body.publicityEntries.length >= 1);
    for (const entry of listed.body.publicityEntries) {
      assert.ok(['ABNORMAL_OPERATIONS', 'SERIOUS_VIOLATIONS'].includes(entry.list));
      assert.equal(typeof entry.reason, 'string');
      assert.match(entry.listedOn, DATE);
      assert.ok(entry.removedOn === null || (DATE.test(entry.removedOn) && entry.removedOn > entry.listedOn));
      assert.ok(entry.listedOn > listed.body.establishedOn);
      assert.match(entry.authority, /市场监督管理局$/);
    }
    const unknown = USCCS.filter((uscc) => !saicKnows(uscc)).length / USCCS.length;
    const withEntries = USCCS.filter(saicHasPublicity).length / USCCS.length;
    assert.ok(unknown > 0.01 && unknown < 0.12, `unknown share ${unknown}`);
    assert.ok(withEntries > 0.05 && withEntries < 0.22, `publicity share ${withEntries}`);
    const statuses = new Set(USCCS.map((uscc) => saicRecordFor(uscc)?.status).filter(Boolean));
    assert.ok(statuses.has('IN_BUSINESS'));
    for (const status of statuses) assert.ok(['IN_BUSINESS', 'REVOKED', 'CANCELLED'].includes(status!));
    const inBusiness = USCCS.filter((uscc) => saicRecordFor(uscc)?.status === 'IN_BUSINESS').length;
    assert.ok(inBusiness > 0.8 * USCCS.filter(saicKnows).length, 'mostly IN_BUSINESS');
  });

  test('an invalid USCC is a 400 naming the problem', async () => {
    const wrongCheck = KNOWN.slice(0, 17) + (KNOWN[17] === '0' ? '1' : '0');
    const answer = await call(sim, 'GET', `/enterprises/${wrongCheck}`);
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, `uscc: ${usccProblem(wrongCheck)}`);
    assert.equal((await call(sim, 'GET', '/enterprises/123')).status, 400);
  });
});

describe('tax simulator', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator('tax', { port: 0 });
  });
  after(() => sim.stop());

  test('the rating follows the score rules, the same twice', async () => {
    const first = await call(sim, 'GET', `/taxpayers/${KNOWN}/rating`);
    assert.equal(first.status, 200);
    assert.deepEqual(await call(sim, 'GET', `/taxpayers/${KNOWN}/rating`), first);
    assert.deepEqual(Object.keys(first.body).sort(), ['assessedOn', 'rating', 'score', 'uscc', 'year']);
    assert.equal(first.body.year, new Date().getUTCFullYear() - 1);
    assert.match(first.body.assessedOn, DATE);
    const grades = new Set<string>();
    for (const uscc of USCCS) {
      const { rating, score } = taxRatingFor(uscc);
      grades.add(rating);
      if (rating === 'M') assert.equal(score, null);
      else {
        assert.equal(typeof score, 'number');
        const expected = score! >= 90 ? 'A' : score! >= 70 ? 'B' : score! >= 40 ? 'C' : 'D';
        assert.equal(rating, expected, `score ${score}`);
      }
      if (isNewEnterprise(uscc)) assert.equal(rating, 'M', 'an enterprise established last year is M');
    }
    assert.deepEqual([...grades].sort(), ['A', 'B', 'C', 'D', 'M']);
  });

  test('VAT exemption and rebate history have the documented shape', async () => {
    const exemption = await call(sim, 'GET', `/taxpayers/${KNOWN}/vat-exemption`);
    assert.equal(exemption.status, 200);
    assert.equal(exemption.body.uscc, KNOWN);
    assert.equal(typeof exemption.body.eligible, 'boolean');
    assert.match(exemption.body.basis, /财税〔2018〕103号/);
    let sawHistory = false;
    for (const uscc of USCCS.slice(0, 30)) {
      const { status, body } = await call(sim, 'GET', `/taxpayers/${uscc}/rebates`);
      assert.equal(status, 200);
      for (const item of body.items) {
        sawHistory = true;
        assert.match(item.id, /^TR\d{6}-[0-9A-F]{8}$/);
        assert.match(item.period, /^\d{4}-(0[1-9]|1[0-2])$/);
        assert.match(item.amount, MONEY);
        assert.equal(item.currency, 'CNY');
        assert.ok(['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED', 'PAID'].includes(item.status));
        assert.ok(isInstant(item.submittedAt) && isInstant(item.updatedAt) && item.updatedAt >= item.submittedAt);
        assert.ok(Date.parse(item.updatedAt) <= Date.now());
        assert.equal(item.reason === null, item.status !== 'REJECTED');
      }
      assert.deepEqual(await call(sim, 'GET', `/taxpayers/${uscc}/rebates`), { status, body });
    }
    assert.ok(sawHistory, 'some taxpayers have a rebate history');
    assert.equal((await call(sim, 'GET', '/taxpayers/NOT-A-USCC/rating')).status, 400);
  });

  test('a rebate is idempotent by requestId and advances SUBMITTED → UNDER_REVIEW → APPROVED', async () => {
    await sim.control({ rebateStepMs: 150 });
    const request = { requestId: 'req-0001', period: '2026-09', amount: '12345.60', currency: 'CNY', exportDeclarationIds: ['460120260000012345'] };
    const created = await call(sim, 'POST', `/taxpayers/${KNOWN}/rebates`, { body: request });
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'SUBMITTED');
    assert.equal(created.body.period, '2026-09');
    assert.equal(created.body.amount, '12345.60');
    assert.equal(created.body.currency, 'CNY');
    assert.ok(isInstant(created.body.submittedAt) && isInstant(created.body.updatedAt));
    const again = await call(sim, 'POST', `/taxpayers/${KNOWN}/rebates`, { body: request });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, created.body.id);
    const conflicting = await call(sim, 'POST', `/taxpayers/${KNOWN}/rebates`, { body: { ...request, amount: '1.00' } });
    assert.equal(conflicting.status, 409);

    const seen: string[] = [];
    const approved = await waitFor('the rebate to be approved', async () => {
      const { body } = await call(sim, 'GET', `/taxpayers/${KNOWN}/rebates`);
      const item = body.items.find((candidate: { id: string }) => candidate.id === created.body.id);
      assert.ok(item, 'a submitted rebate is listed');
      if (seen[seen.length - 1] !== item.status) seen.push(item.status);
      return item.status === 'APPROVED' ? item : undefined;
    }, 5000, 20);
    const order = ['SUBMITTED', 'UNDER_REVIEW', 'APPROVED'];
    assert.deepEqual(seen, [...seen].sort((a, b) => order.indexOf(a) - order.indexOf(b)), `statuses never go back: ${seen.join(' → ')}`);
    assert.ok(seen.includes('UNDER_REVIEW'), `passes through UNDER_REVIEW: ${seen.join(' → ')}`);
    assert.ok(approved.updatedAt > approved.submittedAt);
    await sim.control({ reset: true });
  });

  test('an invalid rebate declaration is a 400 naming the field', async () => {
    const good = { requestId: 'req-bad', period: '2026-09', amount: '100.00', currency: 'CNY', exportDeclarationIds: ['x'] };
    for (const [change, field] of [
      [{ requestId: '' }, 'requestId'], [{ period: '2026-13' }, 'period'], [{ period: '2999-01' }, 'period'],
      [{ amount: '12.3' }, 'amount'], [{ amount: 12.3 }, 'amount'], [{ amount: '0.00' }, 'amount'], [{ currency: 'USD' }, 'currency'],
      [{ exportDeclarationIds: [] }, 'exportDeclarationIds'], [{ exportDeclarationIds: [1] }, 'exportDeclarationIds'],
    ] as const) {
      const answer = await call(sim, 'POST', `/taxpayers/${KNOWN}/rebates`, { body: { ...good, ...change } });
      assert.equal(answer.status, 400, JSON.stringify(change));
      assert.ok(answer.body.error.startsWith(field), answer.body.error);
    }
  });
});

describe('public-security simulator', () => {
  let sim: RunningSimulator;
  const lines: string[] = [];
  before(async () => {
    const logger = createLogger('public-security-simulator', 'trace', { write: (line: string) => void lines.push(line) });
    sim = await startSimulator('public-security', { port: 0, logger });
  });
  after(() => sim.stop());

  test('MATCH with the registered name, MISMATCH with another, NOT_FOUND for an unregistered number', async () => {
    const person = identityFixture('someone');
    assert.equal(residentIdProblem(person.idNumber), undefined);
    assert.equal(person.name, registeredNameFor(person.idNumber));
    const match = await call(sim, 'POST', '/identity/verify', { body: { name: person.name, idNumber: person.idNumber } });
    assert.equal(match.status, 200);
    assert.deepEqual(Object.keys(match.body).sort(), ['checkedAt', 'reference', 'result']);
    assert.equal(match.body.result, 'MATCH');
    assert.match(match.body.reference, /^PSB-\d{8}-[0-9A-F]{12}$/);
    assert.ok(isInstant(match.body.checkedAt));
    const again = await call(sim, 'POST', '/identity/verify', { body: { name: person.name, idNumber: person.idNumber } });
    assert.equal(again.body.result, 'MATCH');
    assert.notEqual(again.body.reference, match.body.reference, 'a reference per call');

    const other = person.name.startsWith('王') ? '李四' : '王五';
    assert.equal((await call(sim, 'POST', '/identity/verify', { body: { name: other, idNumber: person.idNumber } })).body.result, 'MISMATCH');
    const missing = identityFixture('nobody', false);
    assert.equal((await call(sim, 'POST', '/identity/verify', { body: { name: missing.name, idNumber: missing.idNumber } })).body.result, 'NOT_FOUND');

    const found = Array.from({ length: 400 }, (_, i) => identityFixture(`share-${i}`, true).idNumber);
    const unregistered = Array.from({ length: 400 }, (_, i) => sampleIdNumber(`share-${i}`)).filter((id) => !found.includes(id)).length;
    assert.ok(unregistered > 10 && unregistered < 80, `about 1 in 10 not found: ${unregistered}/400`);

    // Neither the number nor the name is ever logged, only their masks.
    const log = lines.join('\n');
    for (const secret of [person.idNumber, missing.idNumber, person.name, missing.name]) {
      assert.ok(!log.includes(secret), `the log must not contain ${secret.slice(0, 1)}…`);
    }
    assert.ok(log.includes(`${person.idNumber.slice(0, 6)}********${person.idNumber.slice(14)}`), 'the masked number is logged');
    assert.ok(log.includes('"result":"MATCH"'));
  });

  test('an invalid ID number or a missing name is a 400, and the number is not logged', async () => {
    const valid = identityFixture('bad-check').idNumber;
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const answer = await call(sim, 'POST', '/identity/verify', { body: { name: '张三', idNumber: wrong } });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, `idNumber: ${residentIdProblem(wrong)}`);
    assert.equal((await call(sim, 'POST', '/identity/verify', { body: { idNumber: valid } })).status, 400);
    assert.equal((await call(sim, 'POST', '/identity/verify', { body: { name: '张三' } })).status, 400);
    assert.equal((await call(sim, 'POST', '/identity/verify', { body: ['x'] })).status, 400);
    assert.ok(!lines.join('\n').includes(wrong));
  });
});

describe('customs simulator', () => {
  let sim: RunningSimulator;
  let callbacks: Server;
  let callbackBase: string;
  const received: { path: string; authorization: string | undefined; receipt: CustomsReceipt }[] = [];
  /** Per path: how many of the next attempts answer 500 (Infinity: always). */
  const failures = new Map<string, number>();
  const attempts = new Map<string, number>();

  before(async () => {
    sim = await startSimulator('customs', { port: 0, logger: createLogger('customs-simulator', 'silent'), settings: { receiptStepMs: 30, callbackBackoffMs: 10 } });
    callbacks = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        const path = req.url ?? '';
        attempts.set(path, (attempts.get(path) ?? 0) + 1);
        const failing = failures.get(path) ?? 0;
        if (failing > 0) {
          failures.set(path, failing - 1);
          res.writeHead(500).end();
          return;
        }
        received.push({ path, authorization: req.headers.authorization, receipt: JSON.parse(text) as CustomsReceipt });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => callbacks.listen(0, '127.0.0.1', resolve));
    const address = callbacks.address();
    callbackBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(async () => {
    await sim.stop();
    callbacks.closeAllConnections();
    await new Promise((resolve) => callbacks.close(resolve));
  });

  const copNo = (seed: string, rejected: boolean) => {
    for (let i = 0; ; i++) if (customsRejects(`${seed}-${i}`) === rejected) return `${seed}-${i}`;
  };
  const declare = (declarationId: string, cop: string, path: string, messageType = 'CEB621') => call(sim, 'POST', '/declarations', {
    body: { declarationId, copNo: cop, messageType, callbackUrl: `${callbackBase}${path}`, payload: { copNo: cop } },
  });
  const receivedOn = (path: string) => received.filter((entry) => entry.path === path).map((entry) => entry.receipt);

  test('an inventory list gets 2 → 120 → 399 → 800 at its callback, in order, and GET lists them', async () => {
    const cop = copNo('COP-OK', false);
    assert.deepEqual(await declare('DECL-1', cop, '/cb/1'), { status: 202, body: { accepted: true, declarationId: 'DECL-1' } });
    const got = await waitFor('four receipts', () => (receivedOn('/cb/1').length >= 4 ? receivedOn('/cb/1') : undefined));
    assert.deepEqual(got.map((receipt) => receipt.code), ['2', '120', '399', '800']);
    for (const receipt of got) {
      assert.equal(receipt.declarationId, 'DECL-1');
      assert.equal(receipt.copNo, cop);
      assert.equal(receipt.messageType, 'CEB622');
      assert.equal(typeof receipt.message, 'string');
      assert.ok(isInstant(receipt.issuedAt));
      assert.match(receipt.receiptId, /^RC[0-9A-F]{16}$/);
    }
    assert.equal(new Set(got.map((receipt) => receipt.receiptId)).size, 4);
    assert.ok(got.every((receipt, i) => i === 0 || receipt.issuedAt >= got[i - 1]!.issuedAt));
    assert.equal(received.find((entry) => entry.path === '/cb/1')!.authorization, `Bearer ${sim.token}`);
    assert.deepEqual(await call(sim, 'GET', '/declarations/DECL-1/receipts'), { status: 200, body: { items: got } });

    // The same declaration again is accepted without a second sequence.
    const duplicate = await declare('DECL-1', cop, '/cb/1');
    assert.equal(duplicate.status, 202);
    assert.equal(duplicate.body.duplicate, true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(receivedOn('/cb/1').length, 4);
    assert.equal((await declare('DECL-1', 'another-cop', '/cb/1')).status, 409);
  });

  test('about 1 in 10 copNos is rejected: 2 → 100 with a reason; order documents stop at 120', async () => {
    const cop = copNo('COP-NO', true);
    assert.deepEqual(receiptPlanFor(cop, 'CEB621').map((step) => step.code), ['2', '100']);
    await declare('DECL-2', cop, '/cb/2');
    const got = await waitFor('two receipts', () => (receivedOn('/cb/2').length >= 2 ? receivedOn('/cb/2') : undefined));
    assert.deepEqual(got.map((receipt) => receipt.code), ['2', '100']);
    assert.match(got[1]!.message, /^海关退单：.+/);

    await declare('DECL-3', copNo('COP-ORDER', false), '/cb/3', 'CEB311');
    const order = await waitFor('order receipts', () => (receivedOn('/cb/3').length >= 2 ? receivedOn('/cb/3') : undefined));
    assert.deepEqual(order.map((receipt) => [receipt.messageType, receipt.code]), [['CEB312', '2'], ['CEB312', '120']]);

    const rejected = Array.from({ length: 500 }, (_, i) => customsRejects(`share-${i}`)).filter(Boolean).length;
    assert.ok(rejected > 25 && rejected < 80, `about 1 in 10 rejected: ${rejected}/500`);
  });

  test('a failing callback is retried with backoff; one that keeps failing leaves the receipts for polling', async () => {
    failures.set('/cb/4', 2);
    await declare('DECL-4', copNo('COP-RETRY', false), '/cb/4');
    const got = await waitFor('retried receipts', () => (receivedOn('/cb/4').length >= 4 ? receivedOn('/cb/4') : undefined));
    assert.deepEqual(got.map((receipt) => receipt.code), ['2', '120', '399', '800'], 'still in order after retries');
    assert.equal(attempts.get('/cb/4'), 6);

    await sim.control({ callbackRetries: 1 });
    failures.set('/cb/5', Infinity);
    await declare('DECL-5', copNo('COP-DOWN', false), '/cb/5');
    const polled = await waitFor('polled receipts', async () => {
      const { body } = await call(sim, 'GET', '/declarations/DECL-5/receipts');
      return body.items.length >= 4 ? (body.items as CustomsReceipt[]) : undefined;
    });
    assert.deepEqual(polled.map((receipt) => receipt.code), ['2', '120', '399', '800']);
    await waitFor('every attempt', () => ((attempts.get('/cb/5') ?? 0) >= 8 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(attempts.get('/cb/5'), 8, 'two attempts per receipt, then it gives up');
    assert.equal(receivedOn('/cb/5').length, 0);
    await sim.control({ callbackRetries: 3 });
  });

  test('a callback off loopback, or an invalid declaration, is refused with 400', async () => {
    for (const callbackUrl of ['http://example.com/cb', 'https://127.0.0.1/cb', 'http://10.0.0.1/cb', 'http://localhost.evil.com/cb', 'http://user:pw@127.0.0.1/cb', 'not a url', 42]) {
      const answer = await call(sim, 'POST', '/declarations', {
        body: { declarationId: 'DECL-X', copNo: 'C1', messageType: 'CEB621', callbackUrl, payload: {} },
      });
      assert.equal(answer.status, 400, String(callbackUrl));
      assert.match(answer.body.error, /^callbackUrl: /);
    }
    const base = { declarationId: 'DECL-Y', copNo: 'C1', messageType: 'CEB621', callbackUrl: `http://localhost:1/cb`, payload: {} };
    assert.equal((await call(sim, 'POST', '/declarations', { body: { ...base, messageType: 'CEB999' } })).status, 400);
    assert.equal((await call(sim, 'POST', '/declarations', { body: { ...base, payload: [] } })).status, 400);
    assert.equal((await call(sim, 'POST', '/declarations', { body: { ...base, declarationId: ' ' } })).status, 400);
    assert.deepEqual(await call(sim, 'GET', '/declarations/DECL-X/receipts'), { status: 404, body: { error: 'not found' } });
  });
});

describe('lifecycle', () => {
  test('each simulator stops alone: its port refuses connections, the others keep answering', async () => {
    const saic = await startSimulator('saic', { port: 0, settings: { latencyMs: 5000 } });
    const tax = await startSimulator('tax', { port: 0, token: 'custom-token' });
    assert.equal(tax.token, 'custom-token');
    const pending = fetch(`${saic.url}/healthz`).then(() => 'answered', () => 'cut off');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await saic.stop();
    await saic.stop();
    assert.ok(Date.now() - started < 1000, 'stop does not wait for a slowed request');
    assert.equal(await pending, 'cut off');
    await assert.rejects(fetch(`${saic.url}/healthz`));
    assert.equal((await call(tax, 'GET', `/taxpayers/${KNOWN}/rating`)).status, 200);
    await tax.stop();
  });

  test('main.js runs one simulator, prints one line when listening and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(__dirname, 'main.js'), 'saic'], {
      env: { ...process.env, SIM_PORT: '0', SIM_TOKEN: 'main-token', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const line = await waitFor('the listening line', () => output.split('\n').find((entry) => entry.includes('simulator listening')), 15_000);
      const { url } = JSON.parse(line) as { url: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const answer = await fetch(`${url}/enterprises/${KNOWN}`, { headers: { authorization: 'Bearer main-token' } });
      assert.equal(answer.status, 200);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const usage = spawn(process.execPath, [join(__dirname, 'main.js'), 'bank'], { stdio: ['ignore', 'ignore', 'pipe'] });
    assert.equal(await new Promise((resolve) => usage.on('exit', resolve)), 2);
  });
});
