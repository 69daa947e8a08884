import { mapCountry, mapCurrency, type CodeTables } from './codes';

/*
 * The four import messages of the customs CBEC interface and how their XML maps to the gateway's inputs.
 * Field names are the XML's own (API.md: "field names follow the customs CBEC messages, camelCased as in
 * their XML"), with one exception: the XML's acturalPaid is actualPaid. Customs currency and country codes
 * become ISO codes, CEB dates (yyyyMMdd, yyyyMMddHHmmss, Asia/Shanghai) become Date / DateTime strings.
 * Elements the inputs do not carry (guid, appTime, ebpName, note …) are read and left out.
 */

export const CEB_NAMESPACE = 'http://www.chinaport.gov.cn/ceb';

export type DocumentKind = 'order' | 'payment' | 'waybill' | 'inventory';

/** Submission order per order number: order, then payment and waybill, then the inventory list. */
export const KINDS: readonly DocumentKind[] = ['order', 'payment', 'waybill', 'inventory'];

/** The documents a kind must follow, for the same orderNo. */
export const DEPENDS_ON: Record<DocumentKind, readonly DocumentKind[]> = {
  order: [],
  payment: ['order'],
  waybill: ['order'],
  inventory: ['order', 'payment', 'waybill'],
};

type FieldType = 'text' | 'decimal' | 'int' | 'currency' | 'country' | 'date' | 'datetime' | 'importFlag';

interface FieldSpec {
  /** Element name in the XML. */
  xml: string;
  /** Field name in the GraphQL input (the XML name unless it differs). */
  gql?: string;
  type?: FieldType;
  required?: boolean;
  /** Personal data: never echoed into a reason or the report. */
  pii?: boolean;
  /** Another element name some integrators use for the same field (read when `xml` is absent). */
  alias?: string;
}

export interface MessageSpec {
  kind: DocumentKind;
  /** Root element, e.g. CEB311Message. */
  message: string;
  /** The document element under the root, e.g. Order. */
  document: string;
  head: string;
  /** Goods-line element, for order and inventory. */
  list?: string;
  mutation: string;
  inputType: string;
  /** Fields in the order the GraphQL input lists them. */
  headFields: FieldSpec[];
  listFields?: FieldSpec[];
  /** Head elements known to the message that the input does not carry. */
  ignoredHead: string[];
  ignoredList?: string[];
  /** The idempotency key (API.md) from the input. */
  key(input: Record<string, unknown>): string;
  /** The GraphQL selection of the mutation's answer. */
  selection: string;
}

const t = (xml: string, more: Partial<FieldSpec> = {}): FieldSpec => ({ xml, type: 'text', ...more });
const req = (xml: string, more: Partial<FieldSpec> = {}): FieldSpec => ({ xml, type: 'text', required: true, ...more });
const pii = (xml: string, required = true): FieldSpec => ({ xml, type: 'text', required, pii: true });
const dec = (xml: string, required = false, more: Partial<FieldSpec> = {}): FieldSpec => ({ xml, type: 'decimal', required, ...more });

const APP = ['guid', 'appType', 'appTime', 'appStatus', 'note'];

/** ieFlag: these four are the import messages (the export ones are CEB303, 403, 505, 603), so it is I, given or not. */
const IMPORT: FieldSpec = { xml: 'ieFlag', type: 'importFlag' };

export const MESSAGES: readonly MessageSpec[] = [
  {
    kind: 'order',
    message: 'CEB311Message',
    document: 'Order',
    head: 'OrderHead',
    list: 'OrderList',
    mutation: 'submitOrder',
    inputType: 'OrderInput',
    headFields: [
      IMPORT, req('orderNo'), req('ebpCode'), req('ebcCode'), dec('goodsValue', true), dec('freight'), dec('discount'), dec('taxTotal'),
      dec('acturalPaid', true, { gql: 'actualPaid', alias: 'actualPaid' }), t('currency', { type: 'currency' }),
      req('buyerIdType'), pii('buyerIdNumber'), pii('buyerName'), pii('buyerTelephone'),
      pii('consignee'), pii('consigneeAddress'), pii('consigneeTelephone'), t('payCode'), t('payTransactionId'),
    ],
    listFields: [
      req('gnum', { type: 'int' }), t('itemNo'), req('itemName'), t('gmodel'), t('barCode'), dec('qty', true), req('unit'),
      dec('price', true), dec('totalPrice', true), t('currency', { type: 'currency' }), req('country', { type: 'country' }),
    ],
    ignoredHead: [...APP, 'orderType', 'ebpName', 'ebcName', 'buyerRegNo', 'payName', 'batchNumbers', 'consigneeDitrict'],
    ignoredList: ['itemDescribe', 'note'],
    key: (input) => `${input.ebpCode ?? '?'}/${input.orderNo ?? '?'}`,
    selection: '{ id }',
  },
  {
    kind: 'payment',
    message: 'CEB411Message',
    document: 'Payment',
    head: 'PaymentHead',
    mutation: 'submitPayment',
    inputType: 'PaymentInput',
    headFields: [
      IMPORT, req('payCode'), req('payTransactionId'), req('orderNo'), req('ebpCode'), req('payerIdType'), pii('payerIdNumber'),
      pii('payerName'), pii('telephone', false), dec('amountPaid', true), t('currency', { type: 'currency' }), t('payTime', { type: 'datetime' }),
    ],
    ignoredHead: [...APP, 'payName', 'ebpName'],
    key: (input) => `${input.payCode ?? '?'}/${input.payTransactionId ?? '?'}`,
    selection: '{ id }',
  },
  {
    kind: 'waybill',
    message: 'CEB511Message',
    document: 'Logistics',
    head: 'LogisticsHead',
    mutation: 'submitWaybill',
    inputType: 'WaybillInput',
    headFields: [
      IMPORT, req('logisticsCode'), req('logisticsNo'), req('orderNo'), t('billNo'), dec('freight'), dec('insuredFee'),
      t('currency', { type: 'currency' }), dec('weight', true), t('packNo', { type: 'int' }),
      pii('consignee'), pii('consigneeAddress'), pii('consigneeTelephone'),
    ],
    ignoredHead: [...APP, 'logisticsName', 'goodsInfo'],
    key: (input) => `${input.logisticsCode ?? '?'}/${input.logisticsNo ?? '?'}`,
    selection: '{ id }',
  },
  {
    kind: 'inventory',
    message: 'CEB621Message',
    document: 'Inventory',
    head: 'InventoryHead',
    list: 'InventoryList',
    mutation: 'submitInventory',
    inputType: 'InventoryInput',
    headFields: [
      req('copNo'), t('preNo'), t('invtNo'), req('orderNo'), req('ebpCode'), req('ebcCode'), req('logisticsCode'), req('logisticsNo'),
      t('assureCode'), t('emsNo'), t('agentCode'), IMPORT, t('declTime', { type: 'date' }), t('customsCode'), t('portCode'),
      t('ieDate', { type: 'date' }), t('areaCode'), req('tradeMode'), t('trafMode'), t('billNo'),
      req('buyerIdType'), pii('buyerIdNumber'), pii('buyerName'), pii('buyerTelephone'), pii('consigneeAddress'),
      dec('freight'), dec('insuredFee'), t('currency', { type: 'currency' }), dec('grossWeight'), dec('netWeight'),
      req('country', { type: 'country' }),
    ],
    listFields: [
      req('gnum', { type: 'int' }), t('itemRecordNo'), t('itemNo'), t('itemName'), req('gcode'), req('gname'), t('gmodel'), t('barCode'),
      req('country', { type: 'country' }), t('tradeCountry', { type: 'country' }), dec('qty', true), req('unit'), dec('qty1', true),
      req('unit1'), dec('qty2'), t('unit2'), dec('price', true), dec('totalPrice', true), t('currency', { type: 'currency' }),
    ],
    ignoredHead: [
      ...APP, 'ebpName', 'ebcName', 'logisticsName', 'agentName', 'areaName', 'trafNo', 'voyageNo', 'loctNo', 'licenseNo',
      'wrapType', 'packNo',
    ],
    ignoredList: ['note'],
    key: (input) => `${input.ebcCode ?? '?'}/${input.copNo ?? '?'}`,
    selection: '{ id status match { ok mismatches { field document } } }',
  },
];

export const BY_MESSAGE: ReadonlyMap<string, MessageSpec> = new Map(MESSAGES.map((spec) => [spec.message, spec]));
export const BY_KIND: ReadonlyMap<DocumentKind, MessageSpec> = new Map(MESSAGES.map((spec) => [spec.kind, spec]));

/** The operation name of the mutation that submits this kind, e.g. SubmitOrder. */
export function operationNameOf(spec: MessageSpec): string {
  return spec.mutation[0].toUpperCase() + spec.mutation.slice(1);
}

/** The GraphQL document that submits one message of this kind. */
export function mutationOf(spec: MessageSpec): string {
  return `mutation ${operationNameOf(spec)}($input: ${spec.inputType}!) { ${spec.mutation}(input: $input) ${spec.selection} }`;
}

/** What was read of one document: head elements and goods lines, each element name → text. */
export interface RawDocument {
  head: Map<string, string> | undefined;
  lines: Map<string, string>[];
  /** Elements that appeared twice in one head or line, e.g. `OrderHead/orderNo`. */
  repeated: string[];
}

/** A local refusal: which element, the input field it feeds, and why. */
export interface Problem {
  /** XML path, e.g. `OrderHead/currency` or `InventoryList[2]/gcode`. */
  element: string;
  /** GraphQL input path, e.g. `input.currency` or `input.items[1].gcode`. */
  field?: string;
  message: string;
}

export interface Converted {
  input: Record<string, unknown>;
  problems: Problem[];
  /** Elements the message does not define (ignored), e.g. `OrderHead/acturalpaid`: often a misspelling. */
  warnings: string[];
}

const DECIMAL = /^\d+(\.\d+)?$/;
const INT = /^\d+$/;

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** yyyyMMdd (or yyyyMMddHHmmss, whose date is taken) → YYYY-MM-DD. */
function cebDate(value: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{6})?$/.exec(value);
  if (!match || !validDate(+match[1], +match[2], +match[3])) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** yyyyMMddHHmmss in Asia/Shanghai (the CEB time format) → RFC 3339 with +08:00. */
function cebDateTime(value: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match || !validDate(+match[1], +match[2], +match[3]) || +match[4] > 23 || +match[5] > 59 || +match[6] > 59) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}+08:00`;
}

function convertFields(
  fields: FieldSpec[],
  raw: Map<string, string>,
  elementPrefix: string,
  fieldPrefix: string,
  tables: CodeTables,
  problems: Problem[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of fields) {
    const name = spec.gql ?? spec.xml;
    let xmlName = spec.xml;
    let value = raw.get(spec.xml);
    if (value === undefined && spec.alias !== undefined && raw.has(spec.alias)) {
      xmlName = spec.alias;
      value = raw.get(spec.alias);
    } else if (value !== undefined && spec.alias !== undefined && raw.has(spec.alias) && raw.get(spec.alias) !== value) {
      problems.push({ element: `${elementPrefix}/${spec.alias}`, field: `${fieldPrefix}.${name}`, message: `differs from ${spec.xml}; give one of them` });
    }
    const element = `${elementPrefix}/${xmlName}`;
    const field = `${fieldPrefix}.${name}`;
    if (spec.type === 'importFlag') {
      if (value === undefined || value === '' || value === 'I') out[name] = 'I';
      else problems.push({ element, field, message: `'${value}' on an import message; it must be I (export documents are other messages)` });
      continue;
    }
    if (value === undefined || value === '') {
      if (spec.required) problems.push({ element: `${elementPrefix}/${spec.xml}`, field, message: `is required and ${value === '' ? 'empty' : 'missing'}` });
      continue;
    }
    switch (spec.type ?? 'text') {
      case 'text':
        out[name] = value;
        break;
      case 'decimal':
        if (DECIMAL.test(value)) out[name] = value;
        else problems.push({ element, field, message: `'${value}' is not a well-formed number: digits with an optional decimal point, e.g. 1234.50` });
        break;
      case 'int':
        if (INT.test(value) && Number.isSafeInteger(Number(value))) out[name] = Number(value);
        else problems.push({ element, field, message: `'${value}' is not a whole number` });
        break;
      case 'currency':
      case 'country': {
        const mapped = spec.type === 'currency' ? mapCurrency(value, tables) : mapCountry(value, tables);
        if (mapped.ok) out[name] = mapped.value;
        else problems.push({ element, field, message: mapped.reason });
        break;
      }
      case 'date': {
        const date = cebDate(value);
        if (date) out[name] = date;
        else problems.push({ element, field, message: `'${value}' is not a date in the CEB form yyyyMMdd` });
        break;
      }
      case 'datetime': {
        const time = cebDateTime(value);
        if (time) out[name] = time;
        else problems.push({ element, field, message: `'${value}' is not a time in the CEB form yyyyMMddHHmmss` });
        break;
      }
    }
  }
  return out;
}

/** Turns what was read of one document into the GraphQL input, with every local problem found. */
export function convertDocument(spec: MessageSpec, raw: RawDocument, tables: CodeTables): Converted {
  const problems: Problem[] = raw.repeated.map((element) => ({ element, message: 'appears more than once; give it once' }));
  if (!raw.head) {
    problems.push({ element: `${spec.document}/${spec.head}`, message: `is missing: a ${spec.document} needs its ${spec.head}` });
    return { input: {}, problems, warnings: [] };
  }
  const warnings = unknownElements(spec.head, raw.head, spec.headFields, spec.ignoredHead);
  raw.lines.forEach((line, i) => warnings.push(...unknownElements(`${spec.list}[${i + 1}]`, line, spec.listFields ?? [], spec.ignoredList ?? [])));
  const appType = raw.head.get('appType');
  if (appType !== undefined && appType !== '' && appType !== '1' && appType !== '2') {
    problems.push({
      element: `${spec.head}/appType`,
      message: appType === '3'
        ? `'3' (delete) cannot be imported: the Single Window API submits documents; a resubmission with changes amends one`
        : `'${appType}' is not an application type: 1 new, 2 change (3 delete is not imported)`,
    });
  }
  const input = convertFields(spec.headFields, raw.head, spec.head, 'input', tables, problems);
  if (spec.list && spec.listFields) {
    if (raw.lines.length === 0) {
      problems.push({ element: `${spec.document}/${spec.list}`, field: 'input.items', message: `is missing: at least one goods line is required` });
    }
    input.items = raw.lines.map((line, i) =>
      convertFields(spec.listFields!, line, `${spec.list}[${i + 1}]`, `input.items[${i}]`, tables, problems));
  }
  return { input, problems, warnings };
}

function unknownElements(prefix: string, raw: Map<string, string>, fields: FieldSpec[], ignored: string[]): string[] {
  const known = new Set([...fields.flatMap((f) => (f.alias ? [f.xml, f.alias] : [f.xml])), ...ignored]);
  return [...raw.keys()].filter((name) => !known.has(name)).map((name) => `${prefix}/${name} is not an element of this message; ignored`);
}

/**
 * The XML element an input path names, for reasons the gateway gives: `input.items[2].gcode` on an
 * inventory list is `InventoryList[3]/gcode`, `input.actualPaid` on an order is `OrderHead/acturalPaid`.
 */
export function elementOfField(spec: MessageSpec, field: string | undefined): string | undefined {
  if (!field) return undefined;
  const line = /^input\.items\[(\d+)\](?:\.(\w+))?/.exec(field);
  if (line && spec.list) {
    const name = line[2] ? (spec.listFields?.find((f) => (f.gql ?? f.xml) === line[2])?.xml ?? line[2]) : undefined;
    return `${spec.list}[${Number(line[1]) + 1}]${name ? `/${name}` : ''}`;
  }
  if (field === 'input.items' && spec.list) return `${spec.document}/${spec.list}`;
  const head = /^input\.(\w+)$/.exec(field);
  if (head) return `${spec.head}/${spec.headFields.find((f) => (f.gql ?? f.xml) === head[1])?.xml ?? head[1]}`;
  return undefined;
}
