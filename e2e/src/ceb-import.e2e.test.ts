import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { createSql, usccCheckCharacter, type Sql } from '@sw/kernel';
import { ADMIN_KEY, asAdmin, post, startStack, type Stack } from './stack';

/**
 * The CEB XML importer (tools/ceb-import) run as a user runs it, as a separate process, against the real
 * gateway and clearance subgraph: the shipped sample set (CEB311, 411, 511, 621 for one order) becomes a
 * matched declaration.
 */
const root = join(__dirname, '..', '..');
const CLI = join(root, 'tools', 'ceb-import', 'dist', 'main.js');
const SAMPLES = join(root, 'tools', 'ceb-import', 'samples');

const uscc = (body: string) => `91410100MA${body}` + usccCheckCharacter(`91410100MA${body}`);
// The parties the samples name by their customs codes.
const FIRMS = [
  { uscc: uscc('4CEB001'), customsCode: '4101960001', roles: ['ECOMMERCE_PLATFORM'], name: '郑州示例跨境电商平台有限公司' },
  { uscc: uscc('4CEB002'), customsCode: '4101960002', roles: ['ECOMMERCE_ENTERPRISE'], name: '郑州示例进口商贸有限公司' },
  { uscc: uscc('4CEB003'), customsCode: '4101960003', roles: ['PAYMENT'], name: '郑州示例支付服务有限公司' },
  { uscc: uscc('4CEB004'), customsCode: '4101960004', roles: ['LOGISTICS'], name: '郑州示例国际物流有限公司' },
  { uscc: uscc('4CEB005'), customsCode: '4101960005', roles: ['CUSTOMS_BROKER'], name: '郑州示例报关服务有限公司' },
];

let stack: Stack;
let sql: Sql;
let work: string;

before(async () => {
  stack = await startStack();
  sql = createSql(stack.database.url, 2);
  work = mkdtempSync(join(tmpdir(), 'ceb-import-e2e-'));
  for (const firm of FIRMS) {
    const filed = await post(stack.gateway.url, `mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }`, {
      i: { uscc: firm.uscc, name: firm.name, customsCode: firm.customsCode, region: 'ZHENGZHOU', roles: firm.roles },
    }, asAdmin);
    assert.equal(filed.errors, undefined, JSON.stringify(filed.errors));
  }
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await sql`select count(*)::int as n from clearance.enterprises where uscc = any(${FIRMS.map((f) => f.uscc)})`;
    if (row.n === FIRMS.length) break;
    assert.ok(Date.now() < deadline, `clearance's registry projection has ${row.n} of ${FIRMS.length} filings after 15 s`);
    await sleep(50);
  }
});

after(async () => {
  await sql?.end({ timeout: 5 });
  await stack?.stop();
});

function importer(args: string[], key: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, SINGLE_WINDOW_API_KEY: key };
  delete env.INIT_CWD;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--gateway', stack.gateway.url, ...args], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const report = () => readFileSync(join(work, 'ceb-import-report.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));

test('with the platform\'s own key only the order goes in; the rest is refused by the gateway and named in the summary', async () => {
  const issued = await post(stack.gateway.url, `mutation($i: IssueApiKeyInput!) { issueApiKey(input: $i) { key } }`,
    { i: { label: 'platform import', role: 'ENTERPRISE', uscc: FIRMS[0].uscc, scopes: ['declarations:write'] } }, asAdmin);
  assert.equal(issued.errors, undefined, JSON.stringify(issued.errors));
  const run = await importer([SAMPLES], issued.data?.issueApiKey.key);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^CEB import: 4 files, 4 documents — 1 accepted, 3 rejected, 0 skipped/);
  assert.match(run.stdout, /ceb411-payment\.xml: CEB411Message Payment #1 \(line \d+\) payment:4101960003\/P2026031510251200000123\n {6}FORBIDDEN/);
  assert.match(run.stdout, /ceb621-inventory\.xml: .*\n {6}DEPENDENCY_REJECTED: not submitted: its payment 4101960003\/P2026031510251200000123/);
  const documents = report().filter((r) => r.type === 'document');
  assert.deepEqual(documents.map((r) => [r.kind, r.status, r.code]), [
    ['order', 'accepted', undefined], ['payment', 'rejected', 'FORBIDDEN'], ['waybill', 'rejected', 'FORBIDDEN'],
    ['inventory', 'rejected', 'DEPENDENCY_REJECTED'],
  ]);
});

test('--resume with a regulator\'s key submits the rest: the samples become one matched, taxed declaration', async () => {
  const run = await importer(['--resume', SAMPLES], ADMIN_KEY);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^CEB import: 4 files, 4 documents — 3 accepted, 0 rejected, 1 skipped/);
  const inventory = report().filter((r) => r.type === 'document' && r.kind === 'inventory').at(-1);
  assert.equal(inventory.status, 'accepted');
  assert.deepEqual(inventory.result.match, { ok: true, mismatches: [] });

  const read = await post(stack.gateway.url, `query($f: DeclarationFilter) { declarations(filter: $f, first: 5) {
    edges { node { id orderNo status match { ok } tax { total } enterprise { name } } } } }`, { f: { copNo: 'SWC202603150000123' } }, asAdmin);
  assert.equal(read.errors, undefined, JSON.stringify(read.errors));
  const [edge] = read.data?.declarations.edges ?? [];
  assert.equal(edge?.node.id, inventory.result.id);
  assert.deepEqual({ ...edge.node, id: undefined }, {
    id: undefined, orderNo: 'SWO202603150000123', status: 'MATCHED', match: { ok: true }, tax: { total: '61.88' },
    enterprise: { name: '郑州示例进口商贸有限公司' },
  });

  // A third run changes nothing: every document is skipped and nothing reaches the gateway.
  const again = await importer(['--resume', SAMPLES], ADMIN_KEY);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /— 0 accepted, 0 rejected, 4 skipped/);
});
