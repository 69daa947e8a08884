import { Router } from 'express';
import {
  amountBetween, beijingInstant, CURRENT_YEAR, derive, LAST_YEAR, shortHash, type Derived,
} from './deterministic';
import { checkUscc, isNewEnterprise } from './saic';
import { BadRequest, Conflict, objectBody, requiredString, type AgencyDefinition } from './simulator-app';

/**
 * The tax bureau simulator: taxpayer credit rating, CBEC retail-export VAT exemption and
 * export-rebate (出口退税) declarations.
 *
 *   GET  /taxpayers/:uscc/rating
 *   GET  /taxpayers/:uscc/vat-exemption
 *   GET  /taxpayers/:uscc/rebates
 *   POST /taxpayers/:uscc/rebates   (idempotent by requestId)
 *
 * Control: `rebateStepMs` (default 1000): a submitted rebate is SUBMITTED, UNDER_REVIEW after one
 * step, APPROVED after two (0 = approved at once on the next read).
 */

export type TaxGrade = 'A' | 'B' | 'M' | 'C' | 'D';
export type RebateStatus = 'SUBMITTED' | 'UNDER_REVIEW' | 'APPROVED' | 'REJECTED' | 'PAID';

export interface TaxRating {
  uscc: string;
  rating: TaxGrade;
  /** Points out of 100; null for M (a new enterprise, or one without business income, is not scored into a grade). */
  score: number | null;
  year: number;
  assessedOn: string;
}

export interface VatExemption {
  uscc: string;
  eligible: boolean;
  basis: string;
}

export interface RebateItem {
  id: string;
  period: string;
  amount: string;
  currency: 'CNY';
  status: RebateStatus;
  submittedAt: string;
  updatedAt: string;
  /** The idempotency key of a rebate submitted to this simulator; null for the historical ones. */
  requestId: string | null;
  exportDeclarationIds: string[];
  /** Why the bureau rejected it; null unless REJECTED. */
  reason: string | null;
}

/**
 * The tax credit grade of last year. Grades follow the scores (国家税务总局公告2014年第85号, as
 * amended by 2018年第8号 which added M): A ≥ 90, 70 ≤ B < 90, 40 ≤ C < 70, D < 40; M for an
 * enterprise established in the rated year, or one without business income in it.
 */
export function taxRatingFor(uscc: string): TaxRating {
  const derived = derive(uscc, 'tax.rating');
  // Ratings of a year are published in April of the next.
  const assessedOn = derived.date(`${CURRENT_YEAR}-04-01`, `${CURRENT_YEAR}-04-25`);
  const base = { uscc, year: LAST_YEAR, assessedOn };
  if (isNewEnterprise(uscc) || derived.chance(0.04)) return { ...base, rating: 'M', score: null };
  const rating = derived.weighted<Exclude<TaxGrade, 'M'>>([['A', 35], ['B', 45], ['C', 13], ['D', 7]]);
  const [low, high] = { A: [900, 1000], B: [700, 899], C: [400, 699], D: [150, 399] }[rating];
  return { ...base, rating, score: derived.int(low!, high!) / 10 };
}

// 财税〔2018〕103号《关于跨境电子商务综合试验区零售出口货物税收政策的通知》, article 1: goods exported
// by a CBEC exporter without valid purchase invoices are exempt from VAT and consumption tax when
// (1) the exporter is registered in the pilot zone and records the export on its online platform,
// (2) the export is declared through the zone's customs, and (3) the goods are not ones whose
// export rebate or exemption the State Council has cancelled.
const EXEMPTION_BASIS = '财税〔2018〕103号第一条：综试区电子商务出口企业出口未取得有效进货凭证的货物，'
  + '在综试区注册并在线上综合服务平台登记出口信息、通过综试区所在地海关办理电子商务出口申报手续，试行增值税、消费税免税政策';
const NOT_EXEMPT = [
  '不符合财税〔2018〕103号第一条第（一）项：未在综试区跨境电子商务线上综合服务平台登记出口日期、货物名称、计量单位、数量、单价、金额',
  '不符合财税〔2018〕103号第一条第（二）项：出口货物未通过综试区所在地海关办理电子商务出口申报手续',
  '不符合财税〔2018〕103号第一条第（三）项：出口货物属于财政部和税务总局根据国务院决定明确取消出口退（免）税的货物',
];

export function vatExemptionFor(uscc: string): VatExemption {
  const derived = derive(uscc, 'tax.vat-exemption');
  if (derived.chance(0.15)) return { uscc, eligible: false, basis: derived.pick(NOT_EXEMPT) };
  return { uscc, eligible: true, basis: EXEMPTION_BASIS };
}

const REJECTION_REASONS = [
  '出口货物报关单电子信息与退税申报数据不一致',
  '进货增值税专用发票电子信息比对不符',
  '未按规定收齐出口退（免）税凭证',
];

// History is relative to the month the process started, so it does not shift while it runs.
const START = new Date();

function monthsBefore(monthsAgo: number): { year: number; month: number } {
  const index = START.getUTCFullYear() * 12 + START.getUTCMonth() - monthsAgo;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

const yyyymm = ({ year, month }: { year: number; month: number }) => `${year}-${String(month).padStart(2, '0')}`;

function declarationIds(derived: Derived, year: number): string[] {
  // Customs declaration number: 4-digit customs, year, export flag 0, 9-digit sequence.
  return Array.from({ length: derived.int(1, 3) }, () => `4601${year}0${String(derived.int(0, 999_999_999)).padStart(9, '0')}`);
}

/**
 * Past rebates of a taxpayer (none for a new enterprise): periods 2 to about 14 months back;
 * older ones PAID (some REJECTED), the latest still under review. All updated before this month.
 */
export function rebateHistoryFor(uscc: string): RebateItem[] {
  if (isNewEnterprise(uscc)) return [];
  const derived = derive(uscc, 'tax.rebates');
  const count = derived.weighted([[0, 25], [1, 10], [2, 15], [3, 20], [4, 15], [5, 10], [6, 5]]);
  const items: RebateItem[] = [];
  let monthsAgo = 2;
  for (let i = 0; i < count; i++) {
    const period = monthsBefore(monthsAgo);
    const filed = monthsBefore(monthsAgo - 1);
    const submittedAt = beijingInstant(`${yyyymm(filed)}-${String(derived.int(5, 15)).padStart(2, '0')}`, derived.int(9, 16), derived.int(0, 59), derived.int(0, 59));
    const status: RebateStatus = monthsAgo === 2
      ? derived.weighted<RebateStatus>([['UNDER_REVIEW', 70], ['SUBMITTED', 30]])
      : monthsAgo === 3
        ? derived.weighted<RebateStatus>([['APPROVED', 60], ['PAID', 40]])
        : derived.weighted<RebateStatus>([['PAID', 90], ['REJECTED', 10]]);
    const days = { SUBMITTED: 0, UNDER_REVIEW: derived.int(1, 4), APPROVED: derived.int(8, 14), PAID: derived.int(18, 40), REJECTED: derived.int(8, 20) }[status];
    const updatedAt = new Date(Date.parse(submittedAt) + days * 86_400_000 + (days > 0 ? derived.int(0, 7 * 3600) * 1000 : 0)).toISOString();
    items.push({
      id: `TR${yyyymm(period).replace('-', '')}-${shortHash(`history/${uscc}/${yyyymm(period)}`, 8)}`,
      period: yyyymm(period),
      amount: amountBetween(derived, 2_000, 600_000),
      currency: 'CNY',
      status,
      submittedAt,
      updatedAt,
      requestId: null,
      exportDeclarationIds: declarationIds(derived, period.year),
      reason: status === 'REJECTED' ? derived.pick(REJECTION_REASONS) : null,
    });
    monthsAgo += derived.weighted([[1, 70], [2, 20], [3, 10]]);
  }
  return items;
}

interface SubmittedRebate {
  uscc: string;
  requestId: string;
  id: string;
  period: string;
  amount: string;
  exportDeclarationIds: string[];
  submittedMs: number;
  updatedMs: number;
  /** 0 SUBMITTED, 1 UNDER_REVIEW, 2 APPROVED; never goes back. */
  stage: number;
}

const STAGES: RebateStatus[] = ['SUBMITTED', 'UNDER_REVIEW', 'APPROVED'];

function parseRebate(body: Record<string, unknown>) {
  const requestId = requiredString(body, 'requestId', 128);
  const period = requiredString(body, 'period', 7);
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!match) throw new BadRequest('period: must be a month YYYY-MM');
  const now = monthsBefore(0);
  if (Number(match[1]) < 2000 || period > yyyymm(now)) throw new BadRequest(`period: must be a month from 2000-01 to ${yyyymm(now)}`);
  const amount = requiredString(body, 'amount', 20);
  if (!/^(0|[1-9][0-9]{0,12})\.[0-9]{2}$/.test(amount)) throw new BadRequest('amount: must be a decimal string with two places, e.g. "1234.56"');
  if (/^0\.00$/.test(amount)) throw new BadRequest('amount: must be greater than 0');
  if (body.currency !== 'CNY') throw new BadRequest('currency: must be "CNY" (export rebates are declared and paid in CNY)');
  const ids = body.exportDeclarationIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 200) {
    throw new BadRequest('exportDeclarationIds: must be an array of 1 to 200 export declaration numbers');
  }
  const exportDeclarationIds = ids.map((id, i) => {
    if (typeof id !== 'string' || id.trim() === '' || id.length > 64) {
      throw new BadRequest(`exportDeclarationIds[${i}]: must be a non-blank string of at most 64 characters`);
    }
    return id.trim();
  });
  return { requestId, period, amount, exportDeclarationIds };
}

export const taxSimulator: AgencyDefinition = {
  agency: 'tax',
  settings: { rebateStepMs: { default: 1000, min: 0, max: 3_600_000, integer: true } },
  create(context) {
    const submitted = new Map<string, SubmittedRebate>();

    /** The rebate as it stands now; `advance: false` for the 201 answer, which is always SUBMITTED. */
    const view = (rebate: SubmittedRebate, advance = true): RebateItem => {
      const step = context.number('rebateStepMs');
      const now = Date.now();
      const reached = step === 0 ? 2 : Math.min(2, Math.floor((now - rebate.submittedMs) / step));
      if (advance && reached > rebate.stage) {
        rebate.stage = reached;
        rebate.updatedMs = Math.min(now, rebate.submittedMs + reached * step);
      }
      return {
        id: rebate.id,
        period: rebate.period,
        amount: rebate.amount,
        currency: 'CNY',
        status: STAGES[rebate.stage]!,
        submittedAt: new Date(rebate.submittedMs).toISOString(),
        updatedAt: new Date(rebate.updatedMs).toISOString(),
        requestId: rebate.requestId,
        exportDeclarationIds: rebate.exportDeclarationIds,
        reason: null,
      };
    };

    const router = Router();
    router.get('/taxpayers/:uscc/rating', (req, res) => {
      const uscc = String(req.params.uscc);
      checkUscc(uscc);
      res.json(taxRatingFor(uscc));
    });
    router.get('/taxpayers/:uscc/vat-exemption', (req, res) => {
      const uscc = String(req.params.uscc);
      checkUscc(uscc);
      res.json(vatExemptionFor(uscc));
    });
    router.get('/taxpayers/:uscc/rebates', (req, res) => {
      const uscc = String(req.params.uscc);
      checkUscc(uscc);
      const mine = [...submitted.values()].filter((rebate) => rebate.uscc === uscc).map((rebate) => view(rebate));
      const items = [...mine, ...rebateHistoryFor(uscc)].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
      res.json({ items });
    });
    router.post('/taxpayers/:uscc/rebates', (req, res) => {
      const uscc = String(req.params.uscc);
      checkUscc(uscc);
      const input = parseRebate(objectBody(req));
      const key = `${uscc}\u0000${input.requestId}`;
      const existing = submitted.get(key);
      if (existing) {
        const same = existing.period === input.period && existing.amount === input.amount
          && existing.exportDeclarationIds.join('\u0000') === input.exportDeclarationIds.join('\u0000');
        if (!same) throw new Conflict(`requestId "${input.requestId}" was already used for a different rebate declaration`);
        res.status(200).json(view(existing));
        return;
      }
      const now = Date.now();
      const rebate: SubmittedRebate = {
        uscc,
        ...input,
        id: `TR${input.period.replace('-', '')}-${shortHash(`submitted/${uscc}/${input.requestId}`, 8)}`,
        submittedMs: now,
        updatedMs: now,
        stage: 0,
      };
      submitted.set(key, rebate);
      context.logger.info({ agency: 'tax', uscc, rebateId: rebate.id, period: rebate.period }, 'rebate declaration received');
      res.status(201).json(view(rebate, false));
    });
    return { router };
  },
};
