import { ClearanceStatus as S } from '../common/enums';

/**
 * The clearance status machine (DESIGN.md): declared → matched → submitted → under review →
 * (inspection →) released → cleared; detained may return to under review; rejected, returned and
 * cleared are terminal. Matching may flip between MATCHED and MISMATCHED while documents are amended
 * before the declaration goes to customs.
 */
const TRANSITIONS: Readonly<Record<S, readonly S[]>> = {
  [S.DECLARED]: [S.MATCHED, S.MISMATCHED],
  [S.MISMATCHED]: [S.MATCHED],
  // Customs may refuse the message outright (100, or a negative processing-error receipt) before accepting it.
  [S.MATCHED]: [S.MISMATCHED, S.SUBMITTED, S.REJECTED],
  [S.SUBMITTED]: [S.UNDER_REVIEW, S.REJECTED],
  [S.UNDER_REVIEW]: [S.INSPECTION, S.DETAINED, S.RELEASED, S.REJECTED, S.RETURNED],
  [S.INSPECTION]: [S.RELEASED, S.DETAINED, S.REJECTED, S.RETURNED],
  [S.DETAINED]: [S.UNDER_REVIEW, S.REJECTED, S.RETURNED],
  [S.RELEASED]: [S.CLEARED],
  [S.CLEARED]: [],
  [S.REJECTED]: [],
  [S.RETURNED]: [],
};

export const TERMINAL: readonly S[] = [S.CLEARED, S.REJECTED, S.RETURNED];

/** Statuses in which the documents may still be amended: the declaration has not gone to customs. */
export const AMENDABLE: readonly S[] = [S.DECLARED, S.MATCHED, S.MISMATCHED];

/** A purchase stops counting toward the buyer's annual quota when customs rejects or returns it (DESIGN.md). */
export const RELEASES_QUOTA: readonly S[] = [S.REJECTED, S.RETURNED];

export function isLegalTransition(from: S, to: S): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: S): readonly S[] {
  return TRANSITIONS[from];
}

/** How far along the main path a status is; a receipt pointing behind the current status arrived out of order. */
const PROGRESS: Readonly<Record<S, number>> = {
  [S.DECLARED]: 0, [S.MISMATCHED]: 1, [S.MATCHED]: 1, [S.SUBMITTED]: 2, [S.UNDER_REVIEW]: 3, [S.DETAINED]: 4, [S.INSPECTION]: 4,
  [S.RELEASED]: 5, [S.CLEARED]: 6, [S.REJECTED]: 6, [S.RETURNED]: 6,
};

export function isBehind(target: S, current: S): boolean {
  return PROGRESS[target] < PROGRESS[current];
}

/** What a customs receipt means for the status. */
export type ReceiptEffect =
  | { kind: 'status'; to: S; reason: string }
  /** 1 stored: customs has it; nothing changes. */
  | { kind: 'none'; reason: string }
  /** 4 sending failed: the status stays and the declaration is handed to customs again. */
  | { kind: 'resend'; reason: string };

/**
 * The CEB622 receipt-code table (DESIGN.md, customs CBEC messages): 2/3 → SUBMITTED, 120/300/399 →
 * UNDER_REVIEW, 500 → INSPECTION, 599 → DETAINED, 800 → RELEASED, 899 → CLEARED, 100 → REJECTED,
 * 700 → RETURNED; 1 changes nothing; 4 keeps the status and schedules a resend; a negative code is a
 * processing-error receipt → REJECTED with the receipt's message as reason. Order, payment and waybill
 * receipts use 2, 3, 4, 100 and 120 with the same meaning.
 */
const RECEIPT_CODES: Readonly<Record<string, { to?: S; meaning: string; resend?: true }>> = {
  '1': { meaning: 'stored (电子口岸已暂存)' },
  '2': { to: S.SUBMITTED, meaning: 'declaring (申报中)' },
  '3': { to: S.SUBMITTED, meaning: 'sent to customs (发送海关成功)' },
  '4': { meaning: 'sending to customs failed (发送海关失败)', resend: true },
  '100': { to: S.REJECTED, meaning: 'rejected by customs (海关退单)' },
  '120': { to: S.UNDER_REVIEW, meaning: 'entered the customs system (海关入库)' },
  '300': { to: S.UNDER_REVIEW, meaning: 'manual review (人工审核)' },
  '399': { to: S.UNDER_REVIEW, meaning: 'review concluded (海关审结)' },
  '500': { to: S.INSPECTION, meaning: 'inspection (查验)' },
  '599': { to: S.DETAINED, meaning: 'detained (扣留)' },
  '700': { to: S.RETURNED, meaning: 'returned (退运)' },
  '800': { to: S.RELEASED, meaning: 'released (放行)' },
  '899': { to: S.CLEARED, meaning: 'cleared (结关)' },
};

export const RECEIPT_CODE_LIST = Object.keys(RECEIPT_CODES);

/** Whether `code` is a receipt code customs sends: one of the table, or a negative processing-error code. */
export function isReceiptCode(code: string): boolean {
  return Object.hasOwn(RECEIPT_CODES, code) || /^-[1-9][0-9]{0,8}$/.test(code);
}

/** The effect of a receipt code (which must pass isReceiptCode); `message` is the receipt's own text. */
export function receiptEffect(code: string, message: string | null | undefined): ReceiptEffect {
  const text = message?.trim();
  if (code.startsWith('-')) {
    return { kind: 'status', to: S.REJECTED, reason: text || `processing-error receipt ${code}` };
  }
  const entry = RECEIPT_CODES[code];
  if (!entry) throw new RangeError(`receipt code ${code} is not in the CEB622 table`);
  const reason = text ? `${code} ${entry.meaning}: ${text}` : `${code} ${entry.meaning}`;
  if (entry.resend) return { kind: 'resend', reason };
  if (entry.to) return { kind: 'status', to: entry.to, reason };
  return { kind: 'none', reason };
}
