import { gtin14, gtinFromEpcParts, gtinProblem, ssccProblem } from './gs1';

/**
 * What a code in a trace event identifies. GS1 identifiers are recognised in their EPC URI form
 * (EPC Tag Data Standard: `urn:epc:id:sgtin:…`, `urn:epc:class:lgtin:…`, `urn:epc:id:sscc:…`) and
 * as GS1 Digital Link URIs (`https://id.gs1.org/01/<GTIN>/21/<serial>`); anything else (a waybill
 * number, an internal item code, another URI) is kept as an opaque code. Codes are compared as
 * written: the URN and the Digital Link of one item are two codes (no canonicalisation yet).
 */
export type CodeKind = 'ITEM' | 'BATCH' | 'PRODUCT_CLASS' | 'LOGISTIC_UNIT' | 'OTHER';

export interface ParsedCode {
  code: string;
  kind: CodeKind;
  /** A class of objects (a batch, a product) rather than one object: quantityList, not epcList. */
  classLevel: boolean;
  /** The GTIN-14 the code carries, if any: links the code to a filed product. */
  gtin14: string | null;
}

export const MAX_CODE_LENGTH = 256;
const PRINTABLE = /^[\x21-\x7E]+$/;
const SGTIN = /^urn:epc:(id|class|idpat):(sgtin|lgtin):([0-9]+)\.([0-9]+)\.(.+)$/;
const SSCC_URN = /^urn:epc:id:sscc:([0-9]+)\.([0-9]+)$/;
const DIGITAL_LINK = /^https?:\/\/[^/?#]+(\/[^?#]*)$/;

/** The code, classified, or why it is not a usable code. */
export function parseCode(value: string): { code: ParsedCode; problem?: undefined } | { problem: string; code?: undefined } {
  if (value.length === 0) return { problem: 'must not be empty' };
  if (value.length > MAX_CODE_LENGTH) return { problem: `must be at most ${MAX_CODE_LENGTH} characters, got ${value.length}` };
  if (!PRINTABLE.test(value)) return { problem: `'${value}' must be printable ASCII without spaces (an EPC URI, a GS1 Digital Link or a code such as a waybill number)` };
  const sgtin = SGTIN.exec(value);
  if (sgtin) return parseSgtin(value, sgtin);
  if (value.startsWith('urn:epc:id:sscc:')) {
    const sscc = SSCC_URN.exec(value);
    if (!sscc || sscc[1].length < 6 || sscc[1].length > 12 || sscc[1].length + sscc[2].length !== 17) {
      return { problem: `'${value}' is not an SSCC EPC URI: urn:epc:id:sscc:<company prefix>.<serial reference>, 17 digits together` };
    }
    return { code: { code: value, kind: 'LOGISTIC_UNIT', classLevel: false, gtin14: null } };
  }
  if (value.startsWith('urn:epc:')) {
    return { code: { code: value, kind: 'OTHER', classLevel: value.startsWith('urn:epc:class:') || value.startsWith('urn:epc:idpat:'), gtin14: null } };
  }
  const link = DIGITAL_LINK.exec(value);
  if (link) {
    const parsed = parseDigitalLink(value, link[1]);
    if (parsed) return parsed;
  }
  return { code: { code: value, kind: 'OTHER', classLevel: false, gtin14: null } };
}

function parseSgtin(value: string, match: RegExpExecArray): ReturnType<typeof parseCode> {
  const [, form, scheme, companyPrefix, itemReference, rest] = match;
  const example = scheme === 'sgtin' ? 'urn:epc:id:sgtin:0614141.812345.6789' : 'urn:epc:class:lgtin:0614141.812345.998877';
  const expectedForm = scheme === 'lgtin' ? 'class' : form === 'idpat' ? 'idpat' : 'id';
  if (form !== expectedForm && !(scheme === 'sgtin' && form === 'idpat')) {
    return { problem: `'${value}' is not a valid ${scheme.toUpperCase()} URI (e.g. ${example})` };
  }
  if (companyPrefix.length < 6 || companyPrefix.length > 12 || companyPrefix.length + itemReference.length !== 13) {
    return { problem: `'${value}': the company prefix (6-12 digits) and item reference must have 13 digits together, e.g. ${example}` };
  }
  const gtin = gtinFromEpcParts(companyPrefix, itemReference);
  if (form === 'idpat') {
    if (rest !== '*') return { problem: `'${value}': an SGTIN pattern ends in .* (urn:epc:idpat:sgtin:0614141.812345.*)` };
    return { code: { code: value, kind: 'PRODUCT_CLASS', classLevel: true, gtin14: gtin } };
  }
  if (rest.length > 20) return { problem: `'${value}': the ${scheme === 'sgtin' ? 'serial number' : 'lot'} has at most 20 characters` };
  return { code: { code: value, kind: scheme === 'sgtin' ? 'ITEM' : 'BATCH', classLevel: scheme === 'lgtin', gtin14: gtin } };
}

/** GS1 Digital Link URI syntax 1.2: primary key /01/<GTIN> (with /10/<lot>, /21/<serial>) or /00/<SSCC>. */
function parseDigitalLink(value: string, path: string): ReturnType<typeof parseCode> | undefined {
  const segments = path.split('/').filter(Boolean);
  const at = (ai: string) => {
    const index = segments.indexOf(ai);
    return index >= 0 && index + 1 < segments.length && index % 2 === segments.length % 2 ? segments[index + 1] : undefined;
  };
  const sscc = at('00');
  if (sscc !== undefined) {
    const problem = ssccProblem(sscc);
    if (problem) return { problem: `'${value}': ${problem}` };
    return { code: { code: value, kind: 'LOGISTIC_UNIT', classLevel: false, gtin14: null } };
  }
  const gtin = at('01');
  if (gtin === undefined) return undefined;
  const problem = gtinProblem(gtin);
  if (problem) return { problem: `'${value}': ${problem.startsWith('must') ? `the GTIN (AI 01) ${problem}` : problem}` };
  const serial = at('21');
  const lot = at('10');
  const kind: CodeKind = serial !== undefined ? 'ITEM' : lot !== undefined ? 'BATCH' : 'PRODUCT_CLASS';
  return { code: { code: value, kind, classLevel: kind !== 'ITEM', gtin14: gtin14(gtin) } };
}

/** The Digital Link of a product class, as quantityList elements and declarations name a GTIN. */
export const gtinClassCode = (gtin: string) => `https://id.gs1.org/01/${gtin14(gtin)}`;
