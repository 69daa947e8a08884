import type { AgencyHttp } from '../resilience/agency-http';
import { WireReader } from '../resilience/wire';

/** A declaration the clearance subgraph hands over to customs: a CBEC message (CEB311, CEB621 …) and its content. */
export interface CustomsDeclaration {
  /** Our id of the declaration; customs echoes it on every receipt. */
  declarationId: string;
  /** The enterprise's own number of the document (企业内部编号). */
  copNo: string;
  /** The CBEC message type, e.g. CEB621 for an import inventory list. */
  messageType: string;
  payload: Record<string, unknown>;
}

/** A customs receipt (回执): the status code and message customs answers a declaration with. */
export interface CustomsReceiptData {
  declarationId: string;
  copNo: string;
  /** The receipt's message type, e.g. CEB622. */
  messageType: string;
  /** The receipt code as customs sends it ("2", "120", "800", "-301" …; see DESIGN.md, receipt codes). */
  code: string;
  message: string;
  issuedAt: Date;
  receiptId: string;
}

/** Customs as the Single Window talks to it: declarations go out, receipts come back by callback or by polling. */
export interface CustomsGateway {
  /** Hands a declaration over; customs POSTs each receipt to `callbackUrl`. Handing the same one over again is accepted once. */
  submitDeclaration(declaration: CustomsDeclaration, callbackUrl: string, signal: AbortSignal): Promise<void>;
  /** Every receipt customs has issued for the declaration so far (the polling fallback); empty when it knows none. */
  receipts(declarationId: string, signal: AbortSignal): Promise<CustomsReceiptData[]>;
}

/** Customs over HTTP: `POST /declarations`, `GET /declarations/:id/receipts`. */
export class HttpCustomsGateway implements CustomsGateway {
  constructor(private readonly http: AgencyHttp) {}

  async submitDeclaration(declaration: CustomsDeclaration, callbackUrl: string, signal: AbortSignal): Promise<void> {
    await this.http.post('customs.declare', '/declarations', { ...declaration, callbackUrl }, signal);
  }

  async receipts(declarationId: string, signal: AbortSignal): Promise<CustomsReceiptData[]> {
    const body = await this.http.get<unknown>('customs.receipts', `/declarations/${encodeURIComponent(declarationId)}/receipts`, signal, true);
    if (body === null) return [];
    const wire = new WireReader('CUSTOMS', 'customs.receipts');
    return wire.array(wire.object(body, 'the answer').items, 'items').map((item) => readReceipt(wire, item));
  }
}

/** A receipt as customs sends it, by callback or in a list; throws UpstreamResponseError naming the bad field. */
export function readReceipt(wire: WireReader, body: unknown): CustomsReceiptData {
  const record = wire.object(body, 'the receipt');
  const code = typeof record.code === 'number' ? String(record.code) : wire.string(record, 'code');
  if (!/^-?\d{1,4}$/.test(code)) throw wire.fail(`code "${code}" is not a receipt code`);
  return {
    declarationId: wire.string(record, 'declarationId'),
    copNo: wire.string(record, 'copNo'),
    messageType: wire.string(record, 'messageType'),
    code,
    message: wire.string(record, 'message'),
    issuedAt: wire.instant(record, 'issuedAt'),
    receiptId: wire.string(record, 'receiptId'),
  };
}
