import { Router } from 'express';
import { derive, fraction, shortHash } from './deterministic';
import { BadRequest, Conflict, NotFound, objectBody, requiredString, type AgencyDefinition, type SimulatorContext } from './simulator-app';

/**
 * The customs simulator: takes CBEC declarations handed over by the Single Window and answers,
 * as the customs system does, with receipts posted back asynchronously.
 *
 *   POST /declarations { declarationId, copNo, messageType, callbackUrl, payload } → 202 { accepted, declarationId }
 *   GET  /declarations/:id/receipts → { items: [receipt, …] }  (every receipt issued so far: the polling fallback)
 *
 * Receipts (CEB622 for an import inventory list CEB621, and so on) follow the codes of the
 * customs CBEC receipt table: 2 declaring → 120 entered customs system → 399 review concluded →
 * 800 released for inventory lists; order, payment and waybill receipts stop at 120; about 1 in 10
 * copNos is rejected instead: 2 → 100 with a reason. One receipt every `receiptStepMs` (control,
 * default 500). A callback that fails (non-2xx or network) is retried `callbackRetries` times
 * (default 3) with exponential backoff from `callbackBackoffMs` (default 200); either way the
 * receipt stays listed by GET. Callbacks go only to http://127.0.0.1 or http://localhost and carry
 * `Authorization: Bearer <simulator token>` so the receiver can tell they come from this simulator.
 */

/** The message a declaration is, and the receipt customs answers it with. */
export const RECEIPT_MESSAGE_TYPES: Readonly<Record<string, string>> = {
  // import
  CEB311: 'CEB312', CEB411: 'CEB412', CEB511: 'CEB512', CEB513: 'CEB514', CEB621: 'CEB622', CEB623: 'CEB624',
  CEB625: 'CEB626', CEB711: 'CEB712',
  // export
  CEB303: 'CEB304', CEB403: 'CEB404', CEB505: 'CEB506', CEB507: 'CEB508', CEB509: 'CEB510', CEB603: 'CEB604',
  CEB605: 'CEB606', CEB607: 'CEB608', CEB701: 'CEB702',
};

const EXPORT_TYPES = new Set(['CEB303', 'CEB403', 'CEB505', 'CEB507', 'CEB509', 'CEB603', 'CEB605', 'CEB607', 'CEB701']);
/** Orders, payments and waybills: customs only files them (2 → 120). */
const DOCUMENT_TYPES = new Set(['CEB311', 'CEB411', 'CEB511', 'CEB513', 'CEB303', 'CEB403', 'CEB505', 'CEB507', 'CEB509']);
/** Inventory lists: reviewed and released (2 → 120 → 399 → 800). Others stop at 399 (审结). */
const INVENTORY_TYPES = new Set(['CEB621', 'CEB603']);

export interface CustomsReceipt {
  declarationId: string;
  copNo: string;
  messageType: string;
  code: string;
  message: string;
  issuedAt: string;
  receiptId: string;
}

const MESSAGES: Record<string, string> = {
  '2': '电子口岸申报中',
  '120': '海关入库成功',
  '399': '海关审结',
  '800': '放行',
};

const IMPORT_REJECTIONS = [
  '订购人身份信息校验未通过：姓名与身份证件号码不一致',
  '商品编码与商品名称不符，请核实后重新申报',
  '三单信息不一致：订单实际支付金额与支付单支付金额不符',
  '订购人年度交易额超过个人年度交易限值',
  '电商企业未在海关办理注册登记',
];
const EXPORT_REJECTIONS = [
  '商品编码申报错误，请核实后重新申报',
  '电商企业未在海关办理注册登记',
  '运抵信息不存在，请核实运单编号',
  '清单商品数量与运单不符',
];

/** True when customs rejects declarations with this copNo (about 1 in 10). */
export function customsRejects(copNo: string): boolean {
  return fraction(copNo, 'customs.reject') < 1 / 10;
}

/** The receipts (code and message) customs will send for a declaration, in order. */
export function receiptPlanFor(copNo: string, messageType: string): { code: string; message: string }[] {
  const step = (code: string) => ({ code, message: MESSAGES[code]! });
  if (customsRejects(copNo)) {
    const reason = derive(copNo, 'customs.reject.reason').pick(EXPORT_TYPES.has(messageType) ? EXPORT_REJECTIONS : IMPORT_REJECTIONS);
    return [step('2'), { code: '100', message: `海关退单：${reason}` }];
  }
  if (DOCUMENT_TYPES.has(messageType)) return [step('2'), step('120')];
  if (INVENTORY_TYPES.has(messageType)) return [step('2'), step('120'), step('399'), step('800')];
  return [step('2'), step('120'), step('399')];
}

/** Answers 400 unless `value` is an http URL on 127.0.0.1 or localhost: the simulator calls nothing else. */
export function loopbackCallbackUrl(value: unknown): string {
  if (typeof value !== 'string') throw new BadRequest('callbackUrl: must be a string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BadRequest('callbackUrl: must be an absolute URL');
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname) || url.username || url.password) {
    throw new BadRequest('callbackUrl: must be http://127.0.0.1:<port>/… or http://localhost:<port>/… (the simulator calls only loopback)');
  }
  return url.toString();
}

interface Declaration {
  declarationId: string;
  copNo: string;
  messageType: string;
  callbackUrl: string;
  receipts: CustomsReceipt[];
  /** Deliveries run one after another, so the receiver gets receipts in order. */
  delivery: Promise<void>;
}

const CALLBACK_TIMEOUT_MS = 2000;

export const customsSimulator: AgencyDefinition = {
  agency: 'customs',
  settings: {
    receiptStepMs: { default: 500, min: 0, max: 600_000, integer: true },
    callbackRetries: { default: 3, min: 0, max: 10, integer: true },
    callbackBackoffMs: { default: 200, min: 0, max: 60_000, integer: true },
  },
  create(context) {
    const declarations = new Map<string, Declaration>();
    const deliver = (declaration: Declaration, receipt: CustomsReceipt) => deliverReceipt(context, declaration.callbackUrl, receipt);

    const schedule = (declaration: Declaration, plan: { code: string; message: string }[], index: number) => {
      context.timers.later(context.number('receiptStepMs'), () => {
        const { code, message } = plan[index]!;
        const receipt: CustomsReceipt = {
          declarationId: declaration.declarationId,
          copNo: declaration.copNo,
          messageType: RECEIPT_MESSAGE_TYPES[declaration.messageType]!,
          code,
          message,
          issuedAt: new Date().toISOString(),
          receiptId: `RC${shortHash(`${declaration.declarationId}/${index}/${code}`, 16)}`,
        };
        declaration.receipts.push(receipt);
        context.logger.info({ agency: 'customs', declarationId: declaration.declarationId, messageType: receipt.messageType, code }, 'receipt issued');
        declaration.delivery = declaration.delivery.then(() => deliver(declaration, receipt));
        if (index + 1 < plan.length) schedule(declaration, plan, index + 1);
      });
    };

    const router = Router();
    router.post('/declarations', (req, res) => {
      const body = objectBody(req);
      const declarationId = requiredString(body, 'declarationId', 64);
      const copNo = requiredString(body, 'copNo', 64);
      const messageType = requiredString(body, 'messageType', 6);
      if (!(messageType in RECEIPT_MESSAGE_TYPES)) {
        throw new BadRequest(`messageType: must be one of ${Object.keys(RECEIPT_MESSAGE_TYPES).join(', ')}`);
      }
      const callbackUrl = loopbackCallbackUrl(body.callbackUrl);
      const payload = body.payload;
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new BadRequest('payload: must be a JSON object');

      const existing = declarations.get(declarationId);
      if (existing) {
        // The same declaration handed over again: accepted once, receipts not repeated.
        if (existing.copNo !== copNo || existing.messageType !== messageType) {
          throw new Conflict(`declarationId "${declarationId}" was already declared with another copNo or messageType`);
        }
        res.status(202).json({ accepted: true, declarationId, duplicate: true });
        return;
      }
      const declaration: Declaration = { declarationId, copNo, messageType, callbackUrl, receipts: [], delivery: Promise.resolve() };
      declarations.set(declarationId, declaration);
      context.logger.info({ agency: 'customs', declarationId, messageType }, 'declaration accepted');
      schedule(declaration, receiptPlanFor(copNo, messageType), 0);
      res.status(202).json({ accepted: true, declarationId });
    });
    router.get('/declarations/:id/receipts', (req, res) => {
      const declaration = declarations.get(String(req.params.id));
      if (!declaration) throw new NotFound();
      res.json({ items: declaration.receipts });
    });
    return { router };
  },
};

/** POSTs one receipt, retrying with exponential backoff; gives up quietly (the receipt stays listed by GET). */
async function deliverReceipt(context: SimulatorContext, callbackUrl: string, receipt: CustomsReceipt): Promise<void> {
  const attempts = 1 + context.number('callbackRetries');
  let problem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (context.timers.stopped) return;
    try {
      const response = await fetch(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${context.token}` },
        body: JSON.stringify(receipt),
        // A redirect could lead off loopback: treated as a failure, never followed.
        redirect: 'manual',
        signal: AbortSignal.any([context.timers.signal, AbortSignal.timeout(CALLBACK_TIMEOUT_MS)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      problem = `status ${response.status}`;
    } catch (error) {
      if (context.timers.stopped) return;
      problem = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
    if (attempt < attempts) await context.timers.sleep(context.number('callbackBackoffMs') * 2 ** (attempt - 1));
  }
  context.logger.warn({ agency: 'customs', declarationId: receipt.declarationId, code: receipt.code, attempts, problem }, 'receipt callback failed; kept for GET /declarations/:id/receipts');
}
