import { readCodeList } from './data-file.js';

// China's commodity code (商品编码, the CEB messages' `gcode`): the first 8 digits are the tariff line set by the
// State Council Tariff Commission, the last 2 are supplementary digits customs adds for duties collected on import,
// provisional rates and trade controls; the first 6 are the international HS subheading. We ship the WCO HS 2022
// nomenclature (6-digit subheadings, 4-digit headings) but not China's national lines: a national line missing from
// our tables is accepted and taxed at the rates of its heading (DESIGN.md, HS code rule).
const FORM = '10 digits: the 8-digit tariff line plus 2 supplementary digits, e.g. 3304990099';
const LISTED_SUBHEADINGS = 10;

interface Nomenclature {
  subheadings: ReadonlySet<string>;
  headings: ReadonlySet<string>;
  subheadingsByHeading: ReadonlyMap<string, readonly string[]>;
}

let nomenclature: Nomenclature | undefined;

/** The HS 2022 lists, read from data/ on first use. */
function hs2022(): Nomenclature {
  if (!nomenclature) {
    const subheadings = readCodeList('hs2022-subheadings.txt', /^\d{6}$/);
    const headings = readCodeList('hs2022-headings.txt', /^\d{4}$/);
    const byHeading = new Map<string, string[]>();
    for (const code of subheadings) {
      const heading = code.slice(0, 4);
      const list = byHeading.get(heading);
      if (list) list.push(code);
      else byHeading.set(heading, [code]);
    }
    for (const list of byHeading.values()) list.sort();
    nomenclature = { subheadings: new Set(subheadings), headings: new Set(headings), subheadingsByHeading: byHeading };
  }
  return nomenclature;
}

/** Returns why `gcode` is not a valid 10-digit Chinese commodity code, or undefined when it is valid. */
export function hsCodeProblem(gcode: string): string | undefined {
  const compact = gcode.replace(/[\s.\-]/g, '');
  if (compact !== gcode && /^\d{10}$/.test(compact)) {
    return `must be written without separators: ${compact} (${FORM})`;
  }
  const chars = [...gcode];
  for (let i = 0; i < chars.length; i++) {
    if (!/^[0-9]$/.test(chars[i])) {
      return `character ${i + 1} '${chars[i]}' is not allowed (${FORM})`;
    }
  }
  if (chars.length !== 10) {
    return `must be 10 digits (the 8-digit tariff line plus 2 supplementary digits), got ${chars.length}`;
  }
  const subheading = gcode.slice(0, 6);
  if (isHs2022Subheading(subheading)) return undefined;
  const heading = gcode.slice(0, 4);
  const siblings = hs2022SubheadingsOf(heading);
  if (siblings.length === 0) {
    return `first 6 digits ${subheading} are not an HS 2022 subheading: heading ${heading} does not exist in HS 2022`;
  }
  const listed = siblings.slice(0, LISTED_SUBHEADINGS).join(', ') + (siblings.length > LISTED_SUBHEADINGS ? ', …' : '');
  return `first 6 digits ${subheading} are not an HS 2022 subheading (HS 2022 subheadings of heading ${heading}: ${listed})`;
}

/** True when `code` is a 6-digit subheading of the HS 2022 nomenclature. */
export function isHs2022Subheading(code: string): boolean {
  return hs2022().subheadings.has(code);
}

/** True when `code` is a 4-digit heading of the HS 2022 nomenclature. */
export function isHs2022Heading(code: string): boolean {
  return hs2022().headings.has(code);
}

/** The HS 2022 subheadings of a 4-digit heading, sorted; empty when the heading does not exist. */
export function hs2022SubheadingsOf(heading: string): readonly string[] {
  return hs2022().subheadingsByHeading.get(heading) ?? [];
}

function leadingDigits(gcode: string, count: number, what: string): string {
  const prefix = gcode.slice(0, count);
  if (!new RegExp(`^\\d{${count}}$`).test(prefix)) {
    throw new RangeError(`${what} needs a code starting with ${count} digits, got '${gcode}'`);
  }
  return prefix;
}

/** The 2-digit HS chapter of a commodity code (e.g. 33 for 3304990099). */
export function hsChapterOf(gcode: string): string {
  return leadingDigits(gcode, 2, 'hsChapterOf');
}

/** The 4-digit HS heading of a commodity code (e.g. 3304 for 3304990099): the fallback for tax rates. */
export function hsHeadingOf(gcode: string): string {
  return leadingDigits(gcode, 4, 'hsHeadingOf');
}

/** The 6-digit international HS subheading of a commodity code (e.g. 330499 for 3304990099). */
export function hsSubheadingOf(gcode: string): string {
  return leadingDigits(gcode, 6, 'hsSubheadingOf');
}
