import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadCodeTables } from './codes';
import { convertDocument } from './messages';
import { readCebFile } from './parser';
import { runCli, USAGE } from './main';
import {
  accept, capture, generatedOrder, generatedOrderNo, messageXml, refuse, sample, startFakeGateway, type Answer, type FakeGateway,
  type RecordedRequest,
} from './test-support';

const root = mkdtempSync(path.join(tmpdir(), 'ceb-import-'));
const gateways: FakeGateway[] = [];
after(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
});

async function gateway(answer?: (request: RecordedRequest, n: number) => Answer | Promise<Answer>, delayMs?: number) {
  const started = await startFakeGateway(answer, delayMs);
  gateways.push(started);
  return started;
}

let caseNo = 0;
/** A fresh working folder with the four samples copied into samples/. */
function workspace(): string {
  const cwd = path.join(root, `case-${++caseNo}`);
  mkdirSync(path.join(cwd, 'samples'), { recursive: true });
  for (const name of ['ceb311-order.xml', 'ceb411-payment.xml', 'ceb511-waybill.xml', 'ceb621-inventory.xml']) {
    copyFileSync(sample(name), path.join(cwd, 'samples', name));
  }
  return cwd;
}

async function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = { SINGLE_WINDOW_API_KEY: 'sw_test_key' }, tty = false) {
  const stdout = capture();
  const stderr = capture(tty);
  const code = await runCli(argv, { stdout, stderr, env, cwd, retryDelayMs: 5 });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function reportOf(cwd: string, name = 'ceb-import-report.jsonl'): Record<string, any>[] {
  return readFileSync(path.join(cwd, name), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

async function inputOf(file: string): Promise<Record<string, unknown>> {
  for await (const event of readCebFile(file)) {
    if (event.type === 'document') return convertDocument(event.spec, event.raw, loadCodeTables()).input;
  }
  throw new Error(`no document in ${file}`);
}

const PAYMENT = (n: number) => `  <ceb:Payment><ceb:PaymentHead>
    <ceb:payCode>4101960003</ceb:payCode><ceb:payTransactionId>PAY${n}</ceb:payTransactionId>
    <ceb:orderNo>${generatedOrderNo(n)}</ceb:orderNo><ceb:ebpCode>4101960001</ceb:ebpCode><ceb:payerIdType>1</ceb:payerIdType>
    <ceb:payerIdNumber>410105199205183272</ceb:payerIdNumber><ceb:payerName>测试买家</ceb:payerName>
    <ceb:amountPaid>100.00</ceb:amountPaid><ceb:currency>142</ceb:currency><ceb:payTime>20260315102512</ceb:payTime>
  </ceb:PaymentHead></ceb:Payment>
`;

test('the sample set goes through the gateway with the caller\'s key, as GraphQL inputs, order first and inventory last', async () => {
  const fake = await gateway();
  const cwd = workspace();
  const run = await cli(['--gateway', fake.url, 'samples'], cwd);
  assert.equal(run.code, 0, run.stdout + run.stderr);

  assert.deepEqual(fake.requests.map((r) => r.operationName), ['SubmitOrder', 'SubmitPayment', 'SubmitWaybill', 'SubmitInventory']);
  for (const request of fake.requests) assert.equal(request.authorization, 'Bearer sw_test_key');
  assert.equal(fake.requests[0].query, 'mutation SubmitOrder($input: OrderInput!) { submitOrder(input: $input) { id } }');
  assert.deepEqual(fake.requests[0].input, await inputOf(sample('ceb311-order.xml')));
  assert.equal(fake.requests[0].input.actualPaid, '741.88');
  assert.equal(fake.requests[0].input.currency, 'CNY');
  assert.deepEqual((fake.requests[0].input.items as { country: string }[]).map((item) => item.country), ['DE', 'JP']);
  assert.deepEqual(fake.requests[1].input, await inputOf(sample('ceb411-payment.xml')));
  assert.deepEqual(fake.requests[2].input, await inputOf(sample('ceb511-waybill.xml')));
  assert.deepEqual(fake.requests[3].input, await inputOf(sample('ceb621-inventory.xml')));

  assert.equal(run.stdout, 'CEB import: 4 files, 4 documents — 4 accepted, 0 rejected, 0 skipped (accepted in an earlier run)\nReport: ceb-import-report.jsonl\n');
  const report = reportOf(cwd);
  assert.deepEqual(report.map((r) => r.type), ['run', 'document', 'document', 'document', 'document', 'summary']);
  assert.deepEqual(report.slice(1, 5).map((r) => [r.file, r.id, r.status]), [
    ['samples/ceb311-order.xml', 'order:4101960001/SWO202603150000123', 'accepted'],
    ['samples/ceb411-payment.xml', 'payment:4101960003/P2026031510251200000123', 'accepted'],
    ['samples/ceb511-waybill.xml', 'waybill:4101960004/YD2026031500000123', 'accepted'],
    ['samples/ceb621-inventory.xml', 'inventory:4101960002/SWC202603150000123', 'accepted'],
  ]);
  assert.deepEqual(report[4].result, { id: 'decl-4', status: 'MATCHED', match: { ok: true, mismatches: [] } });
  assert.match(report[1].digest, /^[0-9a-f]{64}$/);
  const text = readFileSync(path.join(cwd, 'ceb-import-report.jsonl'), 'utf8');
  for (const personal of ['410105199205183272', '韩梅梅', '13812345678', '花园路']) assert.ok(!text.includes(personal), `${personal} is not in the report`);
  assert.deepEqual(report[5], { ...report[5], documents: 4, accepted: 4, rejected: 0, skipped: 0 });
});

test('many orders: at most 4 requests in flight, and every order is in before its payment', async () => {
  const fake = await gateway(accept, 15);
  const cwd = workspace();
  const orders = Array.from({ length: 40 }, (_, i) => generatedOrder(i + 1));
  const payments = Array.from({ length: 40 }, (_, i) => PAYMENT(40 - i));
  // The payments come first in the folder and in the arguments: the stages still put the orders first.
  writeFileSync(path.join(cwd, 'a-payments.xml'), messageXml('CEB411Message', payments));
  writeFileSync(path.join(cwd, 'b-orders.xml'), messageXml('CEB311Message', orders));
  const run = await cli(['--gateway', fake.url, '--quiet', 'a-payments.xml', 'b-orders.xml'], cwd);
  assert.equal(run.code, 0, run.stdout);
  assert.equal(fake.requests.length, 80);
  assert.ok(fake.maxInFlight <= 4, `at most 4 in flight, saw ${fake.maxInFlight}`);
  assert.ok(fake.maxInFlight >= 2, `requests overlap, saw ${fake.maxInFlight}`);
  const at = new Map(fake.requests.map((r, i) => [`${r.operationName}:${r.input.orderNo}`, i]));
  for (let n = 1; n <= 40; n++) {
    assert.ok(at.get(`SubmitOrder:${generatedOrderNo(n)}`)! < at.get(`SubmitPayment:${generatedOrderNo(n)}`)!, `order ${n} before its payment`);
  }
});

test('the summary names every rejected file, message and document with code, element and field; the exit code is 1', async () => {
  const fake = await gateway((request, n) => (request.operationName === 'SubmitInventory'
    ? refuse(request, 'BAD_USER_INPUT', 'input.items[1].gcode: 2106909090 is not …', 'input.items[1].gcode')
    : accept(request, n)));
  const cwd = workspace();
  writeFileSync(path.join(cwd, 'samples', 'broken.xml'), '<?xml version="1.0"?>\n<ceb:CEB311Message xmlns:ceb="http://www.chinaport.gov.cn/ceb">\n<ceb:Order>\n');
  writeFileSync(path.join(cwd, 'samples', 'bad-code.xml'),
    readFileSync(sample('ceb311-order.xml'), 'utf8').replace('<ceb:currency>142</ceb:currency>', '<ceb:currency>999</ceb:currency>')
      .replace('SWO202603150000123', 'SWO202603150000999'));
  writeFileSync(path.join(cwd, 'samples', 'no-sender.xml'), messageXml('CEB311Message', [generatedOrder(3)], false));
  const run = await cli(['--gateway', fake.url, '--report', 'r.jsonl', 'samples'], cwd);
  assert.equal(run.code, 1);
  assert.deepEqual(fake.requests.map((r) => r.operationName), ['SubmitOrder', 'SubmitPayment', 'SubmitWaybill', 'SubmitInventory']);
  assert.equal(run.stdout, [
    'CEB import: 7 files, 6 documents — 3 accepted, 3 rejected, 0 skipped (accepted in an earlier run); 1 file or message refused whole',
    'Rejected:',
    '  ✗ samples/broken.xml',
    '      INVALID_XML: not well-formed XML at line 4, column 1: unclosed tag: ceb:Order',
    '  ✗ samples/bad-code.xml: CEB311Message Order #1 (line 5) order:4101960001/SWO202603150000999',
    "      LOCAL_VALIDATION [OrderHead/currency → input.currency]: OrderHead/currency '999' is not a customs currency code (币制代码) that maps to ISO 4217, e.g. 142 = CNY, 502 = USD, 300 = EUR",
    `  ✗ samples/no-sender.xml: CEB311Message Order #1 (line 3) order:4101960001/${generatedOrderNo(3)}`,
    '      INVALID_MESSAGE: its CEB311Message is refused: BaseTransfer is missing: every CEB message names its sender (copCode, copName, dxpMode, dxpId)',
    '  ✗ samples/ceb621-inventory.xml: CEB621Message Inventory #1 (line 5) inventory:4101960002/SWC202603150000123',
    '      BAD_USER_INPUT [InventoryList[2]/gcode → input.items[1].gcode]: input.items[1].gcode: 2106909090 is not …',
    'Report: r.jsonl',
    '',
  ].join('\n'));
  const report = reportOf(cwd, 'r.jsonl');
  const refused = report.find((r) => r.id === 'inventory:4101960002/SWC202603150000123');
  assert.deepEqual(refused?.errors, [
    { code: 'BAD_USER_INPUT', message: 'input.items[1].gcode: 2106909090 is not …', field: 'input.items[1].gcode', element: 'InventoryList[2]/gcode' },
  ]);
  assert.equal(report.find((r) => r.type === 'file')?.code, 'INVALID_XML');
  assert.equal(report.find((r) => r.type === 'message')?.code, 'INVALID_MESSAGE');
});

test('a rejected order holds back its payment, waybill and inventory list; other orders go on', async () => {
  const fake = await gateway((request, n) => (request.operationName === 'SubmitOrder'
    ? refuse(request, 'FORBIDDEN', 'the caller is not the platform 4101960001 of this order')
    : accept(request, n)));
  const cwd = workspace();
  const run = await cli(['--gateway', fake.url, 'samples'], cwd);
  assert.equal(run.code, 1);
  assert.deepEqual(fake.requests.map((r) => r.operationName), ['SubmitOrder']);
  const report = reportOf(cwd).filter((r) => r.type === 'document');
  assert.deepEqual(report.map((r) => [r.kind, r.status, r.code]), [
    ['order', 'rejected', 'FORBIDDEN'],
    ['payment', 'rejected', 'DEPENDENCY_REJECTED'],
    ['waybill', 'rejected', 'DEPENDENCY_REJECTED'],
    ['inventory', 'rejected', 'DEPENDENCY_REJECTED'],
  ]);
  assert.equal(report[1].reason, 'not submitted: its order 4101960001/SWO202603150000123 for order SWO202603150000123 was rejected in this run');
});

test('--resume skips what the report shows accepted and submits the rest; changed content is submitted again', async () => {
  let refuseInventory = true;
  const fake = await gateway((request, n) => (request.operationName === 'SubmitInventory' && refuseInventory
    ? refuse(request, 'CONFLICT', 'the declaration is under customs review and cannot be amended')
    : accept(request, n)));
  const cwd = workspace();
  const first = await cli(['--gateway', fake.url, 'samples'], cwd);
  assert.equal(first.code, 1);
  assert.equal(fake.requests.length, 4);

  refuseInventory = false;
  const second = await cli(['--gateway', fake.url, '--resume', 'samples'], cwd);
  assert.equal(second.code, 0, second.stdout);
  assert.deepEqual(fake.requests.slice(4).map((r) => r.operationName), ['SubmitInventory']);
  assert.match(second.stdout, /^CEB import: 4 files, 4 documents — 1 accepted, 0 rejected, 3 skipped/);

  // The payment's file changes (an amendment): its digest differs, so it goes again; the rest stays skipped.
  const paymentFile = path.join(cwd, 'samples', 'ceb411-payment.xml');
  writeFileSync(paymentFile, readFileSync(paymentFile, 'utf8').replace('20260315102512', '20260315102513'));
  const third = await cli(['--gateway', fake.url, '--resume', 'samples'], cwd);
  assert.equal(third.code, 0);
  assert.deepEqual(fake.requests.slice(5).map((r) => r.operationName), ['SubmitPayment']);

  const report = reportOf(cwd);
  assert.equal(report.filter((r) => r.type === 'run').length, 3, 'the report is appended to when resuming');
  // Without --resume the report starts afresh and everything is submitted.
  const fresh = await cli(['--gateway', fake.url, 'samples'], cwd);
  assert.equal(fresh.code, 0);
  assert.equal(fake.requests.length, 10);
  assert.equal(reportOf(cwd).filter((r) => r.type === 'run').length, 1);
});

test('a refused key stops the run (exit 2) without recording what was not tried; --resume then goes on', async () => {
  let valid = false;
  const fake = await gateway((request, n) => (valid ? accept(request, n) : {
    status: 401, body: { errors: [{ message: 'the API key is not valid', extensions: { code: 'UNAUTHENTICATED' } }] },
  }));
  const cwd = workspace();
  const run = await cli(['--gateway', fake.url, '--concurrency', '1', 'samples'], cwd);
  assert.equal(run.code, 2);
  assert.equal(fake.requests.length, 1, 'nothing more is sent once the key is refused');
  assert.match(run.stdout, /Stopped: the gateway refused the key \(UNAUTHENTICATED: the API key is not valid\); check --key or SINGLE_WINDOW_API_KEY/);
  assert.match(run.stdout, /4 documents were not submitted; run again with --resume to go on\./);
  assert.equal(reportOf(cwd).filter((r) => r.type === 'document').length, 0);

  valid = true;
  const resumed = await cli(['--gateway', fake.url, '--resume', 'samples'], cwd);
  assert.equal(resumed.code, 0);
  assert.equal(fake.requests.length, 5);
});

test('transient failures (HTTP 503, RATE_LIMITED) are retried; an unreachable gateway stops the run', async () => {
  let calls = 0;
  const fake = await gateway((request, n) => {
    calls += 1;
    if (calls === 1) return { status: 503, body: 'busy' };
    if (calls === 2) return { status: 429, headers: { 'retry-after': '0' }, body: { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }] } };
    return accept(request, n);
  });
  const cwd = workspace();
  const run = await cli(['--gateway', fake.url, 'samples/ceb311-order.xml'], cwd);
  assert.equal(run.code, 0, run.stdout);
  assert.equal(fake.requests.length, 3);

  const closed = await gateway();
  const url = closed.url;
  await closed.close();
  const down = await cli(['--gateway', url, 'samples/ceb311-order.xml'], workspace());
  assert.equal(down.code, 2);
  assert.match(down.stdout, /Stopped: NETWORK_ERROR: cannot reach the gateway at http:\/\/127\.0\.0\.1:\d+\/graphql: ECONNREFUSED/);
});

test('no key, no files, a bad option or a missing path: a clear message and exit 2; --help prints the usage', async () => {
  const cwd = workspace();
  const noKey = await cli(['samples'], cwd, {});
  assert.equal(noKey.code, 2);
  assert.match(noKey.stderr, /^ceb-import: no API key\. Pass --key KEY or set SINGLE_WINDOW_API_KEY/);
  const keyFlag = await cli(['--key', 'k', '--gateway', 'ftp://x', 'samples'], cwd, {});
  assert.equal(keyFlag.code, 2);
  assert.match(keyFlag.stderr, /--gateway must be an http\(s\) URL/);
  const noFiles = await cli([], cwd);
  assert.equal(noFiles.code, 2);
  assert.match(noFiles.stderr, /name the XML files or folders to import/);
  const unknown = await cli(['--bogus', 'samples'], cwd);
  assert.equal(unknown.code, 2);
  const missing = await cli(['--gateway', 'http://127.0.0.1:9/graphql', 'nowhere.xml'], cwd);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or folder: .*nowhere\.xml/);
  const help = await cli(['--help'], cwd, {});
  assert.equal(help.code, 0);
  assert.equal(help.stdout, USAGE);
});

test('progress: plain lines when stderr is not a terminal, a bar redrawn in place when it is', async () => {
  const fake = await gateway();
  const plain = await cli(['--gateway', fake.url, 'samples'], workspace());
  assert.deepEqual(plain.stderr.trim().split('\n'), [
    'ceb-import: 4 documents in 4 files',
    'ceb-import: order: 1 document',
    'ceb-import: order: 1/1 — 1 accepted, 0 rejected',
    'ceb-import: payment: 1 document',
    'ceb-import: payment: 1/1 — 2 accepted, 0 rejected',
    'ceb-import: waybill: 1 document',
    'ceb-import: waybill: 1/1 — 3 accepted, 0 rejected',
    'ceb-import: inventory: 1 document',
    'ceb-import: inventory: 1/1 — 4 accepted, 0 rejected',
  ]);
  const tty = await cli(['--gateway', fake.url, 'samples'], workspace(), undefined, true);
  assert.match(tty.stderr, /\r\x1b\[2Kinventory +█+ 100% 4\/4 {2}4 accepted, 0 rejected\n$/);
});

test('files refused whole (not XML, an export message) exit 1 without a request', async () => {
  const fake = await gateway();
  const cwd = workspace();
  writeFileSync(path.join(cwd, 'notes.xml'), 'not xml at all');
  writeFileSync(path.join(cwd, 'export.xml'), messageXml('CEB303Message', [generatedOrder(1)]));
  const run = await cli(['--gateway', fake.url, 'notes.xml', 'export.xml'], cwd);
  assert.equal(run.code, 1);
  assert.equal(fake.requests.length, 0);
  assert.match(run.stdout, /^CEB import: 2 files, 0 documents — 0 accepted, 0 rejected, 0 skipped \(accepted in an earlier run\); 2 files or messages refused whole\n/);
  assert.match(run.stdout, /✗ notes\.xml\n {6}INVALID_XML: not well-formed XML at line 1, column \d+: /);
  assert.match(run.stdout, /✗ export\.xml: CEB303Message \(line 2\)\n {6}INVALID_MESSAGE: CEB303Message is not imported by this tool/);
});
