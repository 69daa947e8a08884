import { createHash } from 'node:crypto';
import { residentIdCheckCharacter, usccCheckCharacter } from '@sw/kernel';

/**
 * Hash-derived values for the agency simulators: everything a simulator says about an
 * identifier comes from SHA-256 of that identifier (and a topic), so the same USCC, ID number
 * or copNo always gives the same answer, in every process, with no stored data.
 *
 * Each decision has its own topic (`derive(id, 'saic.status')`), so adding a field later does not
 * shift the values of the others.
 */

/** A deterministic stream of numbers: SHA-256 blocks of `<seed>#<n>`, read 4 bytes at a time. */
export class Derived {
  private block = 0;
  private buffer: Buffer;
  private offset = 0;

  constructor(private readonly seed: string) {
    this.buffer = sha256(`${seed}#0`);
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    if (this.offset + 4 > this.buffer.length) {
      this.block += 1;
      this.buffer = sha256(`${this.seed}#${this.block}`);
      this.offset = 0;
    }
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A number in [0, 1). */
  float(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** Picks by relative weight: `[[value, weight], …]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.float() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** A calendar date 'YYYY-MM-DD' between `from` and `to` (both 'YYYY-MM-DD', included). */
  date(from: string, to: string): string {
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    const days = Math.max(0, Math.round((end - start) / DAY_MS));
    return isoDate(new Date(start + this.int(0, days) * DAY_MS));
  }

  /** `n` upper-case hexadecimal characters. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += this.uint32().toString(16).padStart(8, '0');
    return out.slice(0, n).toUpperCase();
  }
}

export const DAY_MS = 86_400_000;

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The stream for one identifier and one topic. */
export function derive(id: string, topic: string): Derived {
  return new Derived(`${topic}|${id}`);
}

/** A number in [0, 1) fixed for this identifier and topic: `fraction(uscc, 'saic.known') < 1 / 20`. */
export function fraction(id: string, topic: string): number {
  return derive(id, topic).float();
}

/** A short upper-case hexadecimal digest, for identifiers derived from others. */
export function shortHash(text: string, n = 12): string {
  return sha256(text).toString('hex').slice(0, n).toUpperCase();
}

/**
 * A seeded PRNG (mulberry32) for the control's `seed`: failure injection becomes reproducible.
 * Returns numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

// ----------------------------------------------------------------------------------------------
// Dates and amounts

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' plus `days`. */
export function addDays(date: string, days: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/**
 * The year the simulators treat as "now", fixed when the process starts so that answers do not
 * change while it runs (a tax rating is for `CURRENT_YEAR - 1`).
 */
export const CURRENT_YEAR = new Date().getUTCFullYear();
export const LAST_YEAR = CURRENT_YEAR - 1;
export const LAST_YEAR_END = `${LAST_YEAR}-12-31`;

/**
 * An instant at Beijing time (UTC+8) on `date` ('YYYY-MM-DD'), as an ISO string in UTC:
 * agencies work office hours in China.
 */
export function beijingInstant(date: string, hour: number, minute: number, second = 0): string {
  const utc = Date.parse(`${date}T00:00:00Z`) + ((hour - 8) * 3600 + minute * 60 + second) * 1000;
  return new Date(utc).toISOString();
}

/** A decimal amount with two places, as agencies send money: `5000000.00`. */
export function money(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents % 100).padStart(2, '0')}`;
}

/** An amount in [minYuan, maxYuan] with random cents. */
export function amountBetween(derived: Derived, minYuan: number, maxYuan: number): string {
  return money(derived.int(minYuan * 100, maxYuan * 100));
}

// ----------------------------------------------------------------------------------------------
// Places: Henan administrative division codes (GB/T 2260), used in USCCs, ID numbers and names.

export interface Place {
  code: string;
  /** The city as it prefixes company names: 郑州, 洛阳 … */
  city: string;
  /** The market regulator of the place. */
  regulator: string;
}

export const HENAN_PLACES: readonly Place[] = [
  { code: '410100', city: '郑州', regulator: '郑州市市场监督管理局' },
  { code: '410102', city: '郑州', regulator: '郑州市中原区市场监督管理局' },
  { code: '410105', city: '郑州', regulator: '郑州市金水区市场监督管理局' },
  { code: '410122', city: '郑州', regulator: '中牟县市场监督管理局' },
  { code: '410173', city: '郑州', regulator: '郑州航空港经济综合实验区市场监督管理局' },
  { code: '410200', city: '开封', regulator: '开封市市场监督管理局' },
  { code: '410300', city: '洛阳', regulator: '洛阳市市场监督管理局' },
  { code: '410700', city: '新乡', regulator: '新乡市市场监督管理局' },
  { code: '410800', city: '焦作', regulator: '焦作市市场监督管理局' },
  { code: '411200', city: '三门峡', regulator: '三门峡市市场监督管理局' },
  { code: '411300', city: '南阳', regulator: '南阳市市场监督管理局' },
  { code: '411500', city: '信阳', regulator: '信阳市市场监督管理局' },
];

const HENAN_PROVINCE: Place = { code: '410000', city: '河南', regulator: '河南省市场监督管理局' };

/** The place of an administrative division code: exact, then by city (first 4 digits), else Henan province. */
export function placeOf(divisionCode: string): Place {
  return HENAN_PLACES.find((place) => place.code === divisionCode)
    ?? HENAN_PLACES.find((place) => place.code.slice(0, 4) === divisionCode.slice(0, 4))
    ?? HENAN_PROVINCE;
}

// ----------------------------------------------------------------------------------------------
// Names

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
  '石', '廖', '贾', '夏', '韦', '付', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '闫', '段', '雷', '侯',
];
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '皇甫'];
const MALE_GIVEN = [
  '伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '宇',
  '浩', '凯', '健', '俊', '帆', '旭', '宁', '龙', '林', '阳', '建', '国', '志', '文', '博', '家', '振', '海', '东', '晨',
];
const FEMALE_GIVEN = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀', '玲', '桂', '英', '燕', '萍', '红', '梅', '琳', '雪', '婷', '慧',
  '莉', '颖', '倩', '洁', '佳', '欣', '悦', '雨', '晴', '琪', '梦', '怡', '瑶', '蕾', '楠', '丹', '璐', '薇', '岚', '莹',
];

/** A plausible Chinese personal name; `female` picks the given-name pool. */
export function personName(derived: Derived, female: boolean): string {
  const surname = derived.chance(0.03) ? derived.pick(COMPOUND_SURNAMES) : derived.pick(SURNAMES);
  const pool = female ? FEMALE_GIVEN : MALE_GIVEN;
  const given = derived.chance(0.7) ? derived.pick(pool) + derived.pick(pool) : derived.pick(pool);
  return surname + given;
}

const BRANDS = [
  '豫达', '中原', '汇通', '嵩岳', '黄河', '鼎盛', '华商', '博远', '通达', '丰泽', '宏图', '聚鑫', '优品', '海淘', '易购',
  '万邦', '恒信', '锦程', '瑞丰', '天择', '启航', '云港', '郑欧', '亚欧', '丝路', '卓越', '鸿运', '盛世', '佰汇', '嘉禾',
  '豫商', '商都', '天中', '伏牛', '牡丹', '河洛', '九州', '四海', '速达', '众诚', '睿和', '金桥', '新航', '远洋', '星链',
];
const TRADES: readonly (readonly [string, number])[] = [
  ['跨境电子商务', 60], ['国际贸易', 14], ['供应链管理', 10], ['进出口贸易', 10], ['电子商务', 6],
];

export const LEGAL_FORMS: readonly (readonly [string, number])[] = [
  ['有限责任公司', 62],
  ['有限责任公司（自然人独资）', 12],
  ['有限责任公司（自然人投资或控股）', 14],
  ['股份有限公司（非上市、自然人投资或控股）', 6],
  ['有限责任公司（外商投资企业法人独资）', 4],
  ['有限责任公司（港澳台法人独资）', 2],
];

/** A company name like 河南豫达跨境电子商务有限公司, matching the legal form (股份有限公司 or 有限公司). */
export function companyName(derived: Derived, place: Place, legalForm: string): string {
  const region = derived.chance(0.5) ? '河南' : place.city;
  const brand = derived.pick(BRANDS);
  const trade = derived.weighted(TRADES);
  const suffix = legalForm.startsWith('股份有限公司') ? '股份有限公司' : '有限公司';
  return `${region}${brand}${trade}${suffix}`;
}

const GENERAL_SCOPE = [
  '互联网销售（除销售需要许可的商品）', '货物进出口', '技术进出口', '供应链管理服务', '国际货物运输代理',
  '日用百货销售', '化妆品零售', '母婴用品销售', '服装服饰零售', '电子产品销售', '箱包销售', '家用电器销售',
  '食品进出口', '普通货物仓储服务（不含危险化学品等需许可审批的项目）', '报关业务', '信息咨询服务（不含许可类信息咨询服务）',
];
const LICENSED_SCOPE = ['食品销售', '保健食品销售', '第二类增值电信业务'];

/** A business scope in the form the enterprise credit publicity system shows. */
export function businessScope(derived: Derived): string {
  const general = GENERAL_SCOPE.filter(() => derived.chance(0.45));
  if (!general.includes('货物进出口')) general.unshift('货物进出口');
  if (!general.includes('互联网销售（除销售需要许可的商品）')) general.unshift('互联网销售（除销售需要许可的商品）');
  let scope = `一般项目：${general.join('；')}（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）`;
  const licensed = LICENSED_SCOPE.filter(() => derived.chance(0.25));
  if (licensed.length > 0) {
    scope += `许可项目：${licensed.join('；')}（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）`;
  }
  return scope;
}

// ----------------------------------------------------------------------------------------------
// Sample identifiers for tests: valid codes with chosen simulated properties.

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 11714-1997 organization code: weights for the 8 body characters, check = 11 - (Σ mod 11), 10 → X, 11 → 0.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body[i]!;
    const value = /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += value * ORG_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A valid USCC (GB 32100-2015) of an enterprise registered by a Henan market regulator:
 * '91' + division code + a GB 11714 organization code (new registrations use the 'MA' prefix)
 * + the mod-31 check character. With `accept`, tries successive candidates until one passes.
 */
export function sampleUscc(seed: string | number, accept: (uscc: string) => boolean = () => true): string {
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const derived = derive(`${seed}/${attempt}`, 'sample.uscc');
    const place = derived.pick(HENAN_PLACES);
    const body = 'MA' + Array.from({ length: 6 }, () => derived.pick([...USCC_CHARSET])).join('');
    const first17 = `91${place.code}${body}${orgCodeCheck(body)}`;
    const uscc = first17 + usccCheckCharacter(first17);
    if (accept(uscc)) return uscc;
  }
  throw new Error(`sampleUscc: no USCC for seed ${seed} passed the filter`);
}

/**
 * A valid 18-digit resident ID number (GB 11643-1999) from a Henan division, born 1960–2004.
 * With `accept`, tries successive candidates until one passes.
 */
export function sampleIdNumber(seed: string | number, accept: (idNumber: string) => boolean = () => true): string {
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const derived = derive(`${seed}/${attempt}`, 'sample.id');
    const place = derived.pick(HENAN_PLACES);
    const birth = derived.date('1960-01-01', '2004-12-31').replaceAll('-', '');
    const sequence = String(derived.int(0, 999)).padStart(3, '0');
    const first17 = `${place.code}${birth}${sequence}`;
    const idNumber = first17 + residentIdCheckCharacter(first17);
    if (accept(idNumber)) return idNumber;
  }
  throw new Error(`sampleIdNumber: no ID number for seed ${seed} passed the filter`);
}
