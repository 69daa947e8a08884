// GS1 Core Business Vocabulary (CBV) 2.0, as enumerated by the ratified EPCIS 2.0 JSON-LD context
// (https://ref.gs1.org/standards/epcis/epcis-context.jsonld): 41 business steps, 33 dispositions,
// 13 business transaction types and 3 source/destination types. A value may be written as the bare
// word (`shipping`, as EPCIS 2.0 JSON-LD compacts it), as the CBV 1.x URN
// (`urn:epcglobal:cbv:bizstep:shipping`), or as the GS1 web vocabulary URI
// (`https://ref.gs1.org/cbv/BizStep-shipping`, compact `cbv:BizStep-shipping`). We store the bare word.

export const BIZ_STEPS = [
  'accepting', 'arriving', 'assembling', 'collecting', 'commissioning', 'consigning', 'creating_class_instance', 'cycle_counting',
  'decommissioning', 'departing', 'destroying', 'disassembling', 'dispensing', 'encoding', 'entering_exiting', 'holding',
  'inspecting', 'installing', 'killing', 'loading', 'other', 'packing', 'picking', 'receiving', 'removing', 'repackaging',
  'repairing', 'replacing', 'reserving', 'retail_selling', 'sampling', 'sensor_reporting', 'shipping', 'staging_outbound',
  'stock_taking', 'stocking', 'storing', 'transporting', 'unloading', 'unpacking', 'void_shipping',
] as const;

export const DISPOSITIONS = [
  'active', 'available', 'completeness_inferred', 'completeness_verified', 'conformant', 'container_closed', 'container_open',
  'damaged', 'destroyed', 'dispensed', 'disposed', 'encoded', 'expired', 'in_progress', 'in_transit', 'inactive',
  'mismatch_class', 'mismatch_instance', 'mismatch_quantity', 'needs_replacement', 'no_pedigree_match', 'non_conformant',
  'non_sellable_other', 'partially_dispensed', 'recalled', 'reserved', 'retail_sold', 'returned', 'sellable_accessible',
  'sellable_not_accessible', 'stolen', 'unavailable', 'unknown',
] as const;

export const CBV_BIZ_TRANSACTION_TYPES = [
  'bol', 'cert', 'desadv', 'inv', 'pedigree', 'po', 'poc', 'prodorder', 'recadv', 'rma', 'testprd', 'testres', 'upevt',
] as const;

/**
 * Business transaction types the Single Window adds (EPCIS allows types outside CBV): the customs
 * declaration (the clearance subgraph's Declaration id) and the CBEC waybill (logisticsNo). Written
 * bare or as `urn:sw:btt:<type>`.
 */
export const SW_BIZ_TRANSACTION_TYPES = ['declaration', 'waybill'] as const;

export const SOURCE_DESTINATION_TYPES = ['owning_party', 'possessing_party', 'location'] as const;

export type BizStep = (typeof BIZ_STEPS)[number];
export type Disposition = (typeof DISPOSITIONS)[number];
export type BizTransactionType = (typeof CBV_BIZ_TRANSACTION_TYPES)[number] | (typeof SW_BIZ_TRANSACTION_TYPES)[number];

interface Vocabulary {
  what: string;
  words: readonly string[];
  urn: string;
  web: string;
  extra?: { words: readonly string[]; urn: string };
}

const VOCABULARIES = {
  bizStep: { what: 'a CBV 2.0 business step', words: BIZ_STEPS, urn: 'urn:epcglobal:cbv:bizstep:', web: 'BizStep-' },
  disposition: { what: 'a CBV 2.0 disposition', words: DISPOSITIONS, urn: 'urn:epcglobal:cbv:disp:', web: 'Disp-' },
  bizTransactionType: {
    what: 'a CBV 2.0 business transaction type or declaration/waybill', words: CBV_BIZ_TRANSACTION_TYPES, urn: 'urn:epcglobal:cbv:btt:', web: 'BTT-',
    extra: { words: SW_BIZ_TRANSACTION_TYPES, urn: 'urn:sw:btt:' },
  },
  sourceDestinationType: { what: 'a CBV 2.0 source/destination type', words: SOURCE_DESTINATION_TYPES, urn: 'urn:epcglobal:cbv:sdt:', web: 'SDT-' },
} satisfies Record<string, Vocabulary>;

export type VocabularyName = keyof typeof VOCABULARIES;

/** The bare CBV word for `value` in any of its accepted spellings, or undefined when it is not in the vocabulary. */
export function cbvWord(vocabulary: VocabularyName, value: string): string | undefined {
  const v: Vocabulary = VOCABULARIES[vocabulary];
  const candidates = [value];
  for (const prefix of [v.urn, `https://ref.gs1.org/cbv/${v.web}`, `http://ref.gs1.org/cbv/${v.web}`, `cbv:${v.web}`]) {
    if (value.startsWith(prefix)) candidates.push(value.slice(prefix.length));
  }
  if (v.extra && value.startsWith(v.extra.urn)) candidates.push(value.slice(v.extra.urn.length));
  const words = [...v.words, ...(v.extra?.words ?? [])];
  return candidates.find((word) => words.includes(word));
}

/** The message for a value outside the vocabulary: what was expected, the spellings accepted, and the closest words. */
export function cbvProblem(vocabulary: VocabularyName, value: string): string {
  const v: Vocabulary = VOCABULARIES[vocabulary];
  const words = [...v.words, ...(v.extra?.words ?? [])];
  const near = closest(value.replace(/^.*[:/-]/, '').toLowerCase(), words);
  const hint = near.length > 0 ? `; did you mean ${near.map((word) => `'${word}'`).join(' or ')}?` : '.';
  return `'${value}' is not ${v.what}${hint} Write the bare word (e.g. '${v.words[0]}'), ${v.urn}<word> or https://ref.gs1.org/cbv/${v.web}<word>; the words: ${words.join(', ')}`;
}

/** Up to two vocabulary words within edit distance 2 of `value`. */
function closest(value: string, words: readonly string[]): string[] {
  return words
    .map((word) => ({ word, distance: editDistance(value, word) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 2)
    .map(({ word }) => word);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
