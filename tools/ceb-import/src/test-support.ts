import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Test helpers: a fake GraphQL gateway that records requests, and generators of CEB XML. */

export const SAMPLES = path.join(__dirname, '..', 'samples');
export const sample = (name: string) => path.join(SAMPLES, name);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Completes 17 digits into a GB 11643-1999 resident ID number (ISO 7064 MOD 11-2 check character). */
export function residentId(first17: string): string {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

export interface RecordedRequest {
  operationName: string;
  input: Record<string, any>;
  authorization: string | undefined;
  query: string;
}

export type Answer = { status?: number; body: unknown; headers?: Record<string, string> };

export interface FakeGateway {
  url: string;
  requests: RecordedRequest[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

const MUTATION_FIELD: Record<string, string> = {
  SubmitOrder: 'submitOrder', SubmitPayment: 'submitPayment', SubmitWaybill: 'submitWaybill', SubmitInventory: 'submitInventory',
};

/** The default answer: accepted, with an id made from the request number. */
export function accept(request: RecordedRequest, n: number): Answer {
  const field = MUTATION_FIELD[request.operationName];
  const data = field === 'submitInventory' ? { id: `decl-${n}`, status: 'MATCHED', match: { ok: true, mismatches: [] } } : { id: `doc-${n}` };
  return { body: { data: { [field]: data } } };
}

/** A GraphQL refusal as the gateway words it. */
export function refuse(request: RecordedRequest, code: string, message: string, field?: string): Answer {
  return {
    body: {
      errors: [{ message, path: [MUTATION_FIELD[request.operationName]], extensions: { code, ...(field ? { field } : {}) } }],
      data: null,
    },
  };
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A GraphQL endpoint on 127.0.0.1 that records every request and answers with `answer` (accepts by default). */
export async function startFakeGateway(
  answer: (request: RecordedRequest, n: number) => Answer | Promise<Answer> = accept,
  delayMs = 5,
): Promise<FakeGateway> {
  let inFlight = 0;
  const gateway: Omit<FakeGateway, 'url' | 'close'> = { requests: [], maxInFlight: 0 };
  const server: Server = createServer(async (req, res) => {
    inFlight += 1;
    gateway.maxInFlight = Math.max(gateway.maxInFlight, inFlight);
    try {
      const payload = JSON.parse(await bodyOf(req)) as { operationName: string; query: string; variables: { input: Record<string, any> } };
      const recorded: RecordedRequest = {
        operationName: payload.operationName, input: payload.variables.input, authorization: req.headers.authorization, query: payload.query,
      };
      gateway.requests.push(recorded);
      await sleep(delayMs);
      const result = await answer(recorded, gateway.requests.length);
      res.writeHead(result.status ?? 200, { 'content-type': 'application/json', ...result.headers });
      res.end(JSON.stringify(result.body));
    } finally {
      inFlight -= 1;
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    ...gateway,
    get requests() { return gateway.requests; },
    get maxInFlight() { return gateway.maxInFlight; },
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const BASE_TRANSFER = `  <ceb:BaseTransfer>
    <ceb:copCode>4101960001</ceb:copCode>
    <ceb:copName>郑州示例跨境电商平台有限公司</ceb:copName>
    <ceb:dxpMode>DXP</ceb:dxpMode>
    <ceb:dxpId>DXPENT0000412001</ceb:dxpId>
  </ceb:BaseTransfer>
`;

/** The order number of the n-th generated order. */
export const generatedOrderNo = (n: number) => `GEN${String(n).padStart(10, '0')}`;

/** One generated Order element (valid buyer ID, amounts that add up). */
export function generatedOrder(n: number): string {
  const id = residentId(`41010519900101${String(n % 1000).padStart(3, '0')}`);
  const price = (100 + (n % 50)).toFixed(2);
  return `  <ceb:Order>
    <ceb:OrderHead>
      <ceb:guid>00000000-0000-4000-8000-${String(n).padStart(12, '0')}</ceb:guid>
      <ceb:appType>1</ceb:appType>
      <ceb:appTime>20260315103000</ceb:appTime>
      <ceb:appStatus>2</ceb:appStatus>
      <ceb:orderType>I</ceb:orderType>
      <ceb:orderNo>${generatedOrderNo(n)}</ceb:orderNo>
      <ceb:ebpCode>4101960001</ceb:ebpCode>
      <ceb:ebpName>郑州示例跨境电商平台有限公司</ceb:ebpName>
      <ceb:ebcCode>4101960002</ceb:ebcCode>
      <ceb:ebcName>郑州示例进口商贸有限公司</ceb:ebcName>
      <ceb:goodsValue>${price}</ceb:goodsValue>
      <ceb:freight>0.00</ceb:freight>
      <ceb:discount>0.00</ceb:discount>
      <ceb:taxTotal>0.00</ceb:taxTotal>
      <ceb:acturalPaid>${price}</ceb:acturalPaid>
      <ceb:currency>142</ceb:currency>
      <ceb:buyerName>测试买家</ceb:buyerName>
      <ceb:buyerTelephone>13800000000</ceb:buyerTelephone>
      <ceb:buyerIdType>1</ceb:buyerIdType>
      <ceb:buyerIdNumber>${id}</ceb:buyerIdNumber>
      <ceb:consignee>测试买家</ceb:consignee>
      <ceb:consigneeTelephone>13800000000</ceb:consigneeTelephone>
      <ceb:consigneeAddress>河南省郑州市金水区示例路${n}号</ceb:consigneeAddress>
      <ceb:note>${'备注'.repeat(40)}</ceb:note>
    </ceb:OrderHead>
    <ceb:OrderList>
      <ceb:gnum>1</ceb:gnum>
      <ceb:itemNo>SKU-${n}</ceb:itemNo>
      <ceb:itemName>示例商品 ${n}</ceb:itemName>
      <ceb:unit>007</ceb:unit>
      <ceb:qty>1</ceb:qty>
      <ceb:price>${price}</ceb:price>
      <ceb:totalPrice>${price}</ceb:totalPrice>
      <ceb:currency>142</ceb:currency>
      <ceb:country>${['116', '502', '304'][n % 3]}</ceb:country>
    </ceb:OrderList>
  </ceb:Order>
`;
}

/** Writes a CEB311Message with `count` orders, streaming (the generator holds one order at a time). */
export async function writeLargeOrderFile(file: string, count: number): Promise<void> {
  const out = createWriteStream(file, 'utf8');
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<ceb:CEB311Message guid="0A0B0C0D-0000-4000-8000-000000000000" version="1.0" xmlns:ceb="http://www.chinaport.gov.cn/ceb">\n');
  for (let n = 1; n <= count; n++) await write(generatedOrder(n));
  await write(`${BASE_TRANSFER}</ceb:CEB311Message>\n`);
  out.end();
  await once(out, 'finish');
}

/** A CEB message file from document elements (strings), with a BaseTransfer unless `baseTransfer` is false. */
export function messageXml(message: string, documents: string[], baseTransfer = true): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ceb:${message} guid="11111111-2222-4333-8444-555555555555" version="1.0" xmlns:ceb="http://www.chinaport.gov.cn/ceb">
${documents.join('')}${baseTransfer ? BASE_TRANSFER : ''}</ceb:${message}>
`;
}

/** Captures what the CLI writes. */
export function capture(isTTY = false): { write(text: string): boolean; text: string; isTTY: boolean } {
  const sink = {
    text: '',
    isTTY,
    write(chunk: string) {
      sink.text += chunk;
      return true;
    },
  };
  return sink;
}
