import { Router } from 'express';
import { usccProblem } from '@sw/kernel';
import {
  addDays, businessScope, companyName, derive, fraction, LAST_YEAR, LAST_YEAR_END, LEGAL_FORMS, money, placeOf,
} from './deterministic';
import { BadRequest, NotFound, type AgencyDefinition } from './simulator-app';

/**
 * The market regulator (SAIC / SAMR) simulator: the National Enterprise Credit Information
 * Publicity System's record of an enterprise, with its publicity-list entries.
 *
 *   GET /enterprises/:uscc → 200 record | 404 { error: 'not found' } (about 1 in 20 USCCs)
 */

export type SaicStatus = 'IN_BUSINESS' | 'REVOKED' | 'CANCELLED';
export type PublicityList = 'ABNORMAL_OPERATIONS' | 'SERIOUS_VIOLATIONS';

export interface PublicityEntry {
  list: PublicityList;
  reason: string;
  listedOn: string;
  removedOn: string | null;
  authority: string;
}

export interface SaicRecord {
  uscc: string;
  name: string;
  legalForm: string;
  status: SaicStatus;
  registeredCapital: string;
  currency: 'CNY';
  establishedOn: string;
  businessScope: string;
  publicityEntries: PublicityEntry[];
}

// 《企业经营异常名录管理暂行办法》 (SAIC Order 68, 2014) art. 4: the four grounds for listing.
const ABNORMAL_REASONS = [
  '未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告',
  '未在市场监督管理部门依照《企业信息公示暂行条例》第十条规定责令的期限内公示有关企业信息',
  '公示企业信息隐瞒真实情况、弄虚作假',
  '通过登记的住所或者经营场所无法联系',
];
// 《市场监督管理严重违法失信名单管理办法》 (SAMR Order 44, 2021).
const SERIOUS_REASONS = [
  '被列入经营异常名录届满3年仍未履行相关义务',
  '提交虚假材料或者采取其他欺诈手段隐瞒重要事实，取得公司登记，被撤销登记',
  '因销售侵犯注册商标专用权的商品受到较重行政处罚',
];

const CAPITAL_WAN = [10, 50, 100, 200, 300, 500, 800, 1000, 2000, 3000, 5000, 10000];

/** True when the simulated regulator has a record for this USCC (about 19 in 20). */
export function saicKnows(uscc: string): boolean {
  return fraction(uscc, 'saic.known') >= 1 / 20;
}

/** True when the simulated record has at least one publicity-list entry (about 1 in 8 known USCCs). */
export function saicHasPublicity(uscc: string): boolean {
  return saicKnows(uscc) && fraction(uscc, 'saic.publicity') < 1 / 8 && !isNewEnterprise(uscc);
}

/**
 * About 1 in 16 enterprises were established last year, so they are "new" for the tax credit
 * rating of last year (grade M); shared by the SAIC and tax simulators.
 */
export function isNewEnterprise(uscc: string): boolean {
  return fraction(uscc, 'enterprise.new') < 1 / 16;
}

/** The date the simulated enterprise was established; consistent between the SAIC and tax simulators. */
export function establishedOnFor(uscc: string): string {
  const derived = derive(uscc, 'enterprise.established');
  return isNewEnterprise(uscc) ? derived.date(`${LAST_YEAR}-01-01`, LAST_YEAR_END) : derived.date('2010-01-01', `${LAST_YEAR - 1}-12-31`);
}

/** The simulated record of a (valid) USCC, or undefined when the regulator does not know it. */
export function saicRecordFor(uscc: string): SaicRecord | undefined {
  if (!saicKnows(uscc)) return undefined;
  const derived = derive(uscc, 'saic.record');
  // Characters 3–8 of a USCC are the registering authority's administrative division (GB/T 2260).
  const place = placeOf(uscc.slice(2, 8));
  const legalForm = derived.weighted(LEGAL_FORMS);
  const establishedOn = establishedOnFor(uscc);
  const status = isNewEnterprise(uscc)
    ? 'IN_BUSINESS'
    : derive(uscc, 'saic.status').weighted<SaicStatus>([['IN_BUSINESS', 90], ['REVOKED', 6], ['CANCELLED', 4]]);
  const capitalWan = derived.chance(0.85) ? derived.pick(CAPITAL_WAN) : derived.int(10, 5000);
  return {
    uscc,
    name: companyName(derived, place, legalForm),
    legalForm,
    status,
    registeredCapital: money(capitalWan * 10_000 * 100),
    currency: 'CNY',
    establishedOn,
    businessScope: businessScope(derived),
    publicityEntries: saicHasPublicity(uscc) ? publicityEntries(uscc, establishedOn, place.regulator) : [],
  };
}

function publicityEntries(uscc: string, establishedOn: string, regulator: string): PublicityEntry[] {
  const derived = derive(uscc, 'saic.publicity.entries');
  const entries: PublicityEntry[] = [];
  // An annual report is due by 30 June of the next year; a missed one is listed soon after.
  const firstPossible = addDays(establishedOn, 365);
  const count = derived.weighted([[1, 75], [2, 25]]);
  for (let i = 0; i < count; i++) {
    const serious = derived.chance(0.2);
    const listedOn = derived.date(firstPossible, LAST_YEAR_END);
    const removedAfter = derived.int(30, 540);
    const removed = !serious && derived.chance(0.5) && addDays(listedOn, removedAfter) <= LAST_YEAR_END;
    entries.push({
      list: serious ? 'SERIOUS_VIOLATIONS' : 'ABNORMAL_OPERATIONS',
      reason: derived.pick(serious ? SERIOUS_REASONS : ABNORMAL_REASONS),
      listedOn,
      removedOn: removed ? addDays(listedOn, removedAfter) : null,
      authority: serious && derived.chance(0.3) ? '河南省市场监督管理局' : regulator,
    });
  }
  return entries.sort((a, b) => a.listedOn.localeCompare(b.listedOn));
}

/** Answers 400 for a USCC that fails GB 32100-2015. */
export function checkUscc(uscc: string): void {
  const problem = usccProblem(uscc);
  if (problem) throw new BadRequest(`uscc: ${problem}`);
}

export const saicSimulator: AgencyDefinition = {
  agency: 'saic',
  create() {
    const router = Router();
    router.get('/enterprises/:uscc', (req, res) => {
      const uscc = String(req.params.uscc);
      checkUscc(uscc);
      const record = saicRecordFor(uscc);
      if (!record) throw new NotFound();
      res.json(record);
    });
    return { router };
  },
};
