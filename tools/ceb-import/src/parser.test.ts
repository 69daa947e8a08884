import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadCodeTables } from './codes';
import { convertDocument } from './messages';
import { readCebFile, XmlFileError, type MessageRead, type ReadEvent } from './parser';
import { generatedOrder, generatedOrderNo, messageXml, sample, writeLargeOrderFile } from './test-support';

const dir = mkdtempSync(path.join(tmpdir(), 'ceb-parser-'));
const tables = loadCodeTables();

async function eventsOf(file: string): Promise<ReadEvent[]> {
  const events: ReadEvent[] = [];
  for await (const event of readCebFile(file)) events.push(event);
  return events;
}

test('a 2,000-order CEB311 file streams: documents come out while the file is still being read, in constant memory', async () => {
  const file = path.join(dir, 'large.xml');
  await writeLargeOrderFile(file, 2000);
  const size = statSync(file).size;
  assert.ok(size > 3_000_000, `the generated file is large (${size} bytes)`);

  let bytesRead = 0;
  let bytesAtFirst: number | undefined;
  let bytesAtHalf: number | undefined;
  let count = 0;
  for await (const event of readCebFile(file, { highWaterMark: 16 * 1024, onBytes: (n) => { bytesRead = n; } })) {
    if (event.type !== 'document') continue;
    count += 1;
    bytesAtFirst ??= bytesRead;
    if (count === 1000) bytesAtHalf = bytesRead;
    const converted = convertDocument(event.spec, event.raw, tables);
    assert.deepEqual(converted.problems, [], `order ${count}`);
    assert.equal(converted.input.orderNo, generatedOrderNo(count));
  }
  assert.equal(count, 2000);
  assert.equal(bytesRead, size);
  // The reader is one 16 KiB chunk ahead of the documents it hands out, never the whole file.
  assert.ok(bytesAtFirst !== undefined && bytesAtFirst <= 32 * 1024, `the first order came out after ${bytesAtFirst} of ${size} bytes`);
  assert.ok(bytesAtHalf !== undefined && bytesAtHalf <= size / 2 + 32 * 1024, `order 1000 came out after ${bytesAtHalf} of ${size} bytes`);
});

test('one message may carry several documents; a wrapper may carry several messages', async () => {
  const several = path.join(dir, 'several.xml');
  writeFileSync(several, messageXml('CEB311Message', [generatedOrder(1), generatedOrder(2), generatedOrder(3)]));
  const events = await eventsOf(several);
  assert.deepEqual(events.map((e) => (e.type === 'document' ? `${e.spec.document} #${e.index}` : `${e.type} ${e.name}`)),
    ['Order #1', 'Order #2', 'Order #3', 'message CEB311Message']);
  const message = events[3] as MessageRead;
  assert.deepEqual(message.problems, []);
  assert.equal(message.documents, 3);
  assert.equal(message.baseTransfer?.dxpId, 'DXPENT0000412001');

  const wrapped = path.join(dir, 'wrapped.xml');
  const strip = (xml: string) => xml.replace(/^<\?xml[^>]*>\n/, '');
  writeFileSync(wrapped, `<?xml version="1.0" encoding="UTF-8"?>\n<batch>\n${strip(messageXml('CEB311Message', [generatedOrder(7)]))}` +
    `${strip(messageXml('CEB311Message', [generatedOrder(8)]))}</batch>\n`);
  const documents = (await eventsOf(wrapped)).filter((e) => e.type === 'document');
  assert.deepEqual(documents.map((d) => d.type === 'document' && d.messageOrdinal), [1, 2]);
});

test('the default namespace works as well as the ceb: prefix', async () => {
  const file = path.join(dir, 'default-ns.xml');
  const xml = messageXml('CEB311Message', [generatedOrder(5)]).replace(/ceb:/g, '').replace('xmlns:ceb=', 'xmlns=');
  writeFileSync(file, xml);
  const [document] = (await eventsOf(file)).filter((e) => e.type === 'document');
  assert.ok(document.type === 'document');
  assert.equal(convertDocument(document.spec, document.raw, tables).input.orderNo, generatedOrderNo(5));
});

test('a file that is not well-formed XML is refused with the line; so is a file without a CEB message', async () => {
  const broken = path.join(dir, 'broken.xml');
  writeFileSync(broken, messageXml('CEB311Message', [generatedOrder(1)]).replace('</ceb:OrderHead>', '</ceb:OrderHeader>'));
  await assert.rejects(eventsOf(broken), (error: unknown) => {
    assert.ok(error instanceof XmlFileError);
    assert.match(error.message, /^not well-formed XML at line 29, column \d+: /);
    return true;
  });

  const foreign = path.join(dir, 'foreign.xml');
  writeFileSync(foreign, '<?xml version="1.0"?>\n<Invoice xmlns="urn:example"><id>1</id></Invoice>\n');
  await assert.rejects(eventsOf(foreign), /no CEB message in the namespace http:\/\/www\.chinaport\.gov\.cn\/ceb \(the root element is Invoice/);

  const noNamespace = path.join(dir, 'no-namespace.xml');
  writeFileSync(noNamespace, messageXml('CEB311Message', [generatedOrder(1)]).replace(/ceb:/g, '').replace(/ xmlns:ceb="[^"]*"/, ''));
  await assert.rejects(eventsOf(noNamespace), /CEB311Message \(line 2\) is not in the CEB namespace/);

  const empty = path.join(dir, 'empty.xml');
  writeFileSync(empty, '');
  await assert.rejects(eventsOf(empty), XmlFileError);
});

test('a message without BaseTransfer, or of a type this tool does not import, carries the reason', async () => {
  const bare = path.join(dir, 'bare.xml');
  writeFileSync(bare, messageXml('CEB311Message', [generatedOrder(1)], false));
  const message = (await eventsOf(bare)).find((e) => e.type === 'message') as MessageRead;
  assert.deepEqual(message.problems, ['BaseTransfer is missing: every CEB message names its sender (copCode, copName, dxpMode, dxpId)']);

  const exportOrder = path.join(dir, 'ceb303.xml');
  writeFileSync(exportOrder, messageXml('CEB303Message', [generatedOrder(1)]));
  const events = await eventsOf(exportOrder);
  assert.equal(events.length, 1);
  assert.deepEqual((events[0] as MessageRead).problems, ['CEB303Message is not imported by this tool (it reads CEB311Message, CEB411Message, CEB511Message, CEB621Message)']);
});

test('a file in GBK, as its XML declaration says, is decoded', async () => {
  const file = path.join(dir, 'gbk.xml');
  const xml = messageXml('CEB311Message', [generatedOrder(1)]).replace('encoding="UTF-8"', 'encoding="GBK"').replace('示例商品 1', 'ITEM');
  const [before, after] = xml.split('ITEM');
  // Every other character of this document is ASCII or written as a character reference, so the GBK bytes
  // are the ASCII bytes with 测试 (b2e2 cad4) in place of ITEM.
  const ascii = (text: string) => Buffer.from(text.replace(/[^\x00-\x7f]/g, (c) => `&#${c.codePointAt(0)};`), 'latin1');
  writeFileSync(file, Buffer.concat([ascii(before), Buffer.from('b2e2cad4', 'hex'), ascii(after)]));
  const [document] = (await eventsOf(file)).filter((e) => e.type === 'document');
  assert.ok(document.type === 'document');
  assert.equal(document.raw.lines[0].get('itemName'), '测试');
});

test('reading only one kind skips the others but keeps their positions', async () => {
  const events: ReadEvent[] = [];
  for await (const event of readCebFile(sample('ceb311-order.xml'), { kinds: new Set(['payment']) })) events.push(event);
  assert.deepEqual(events.map((e) => e.type), ['message']);
  assert.equal((events[0] as MessageRead).documents, 1);
});
