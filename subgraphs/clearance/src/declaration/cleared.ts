import { hsChapterOf } from '../reference';
import { formatFen, Rational } from '../tax/money';
import type { ExchangeRateTable } from '../tax/tax-tables';
import type { InventoryItem } from './declaration.entity';

export interface ClearedFigures {
  /** The goods value in CNY (2 places): the sum of `lines`. */
  valueCny: string;
  /** The goods value per HS chapter, in chapter order. */
  lines: { hsChapter: string; valueCny: string }[];
}

/**
 * What statistics counts of a cleared declaration: the goods value converted to CNY at the customs
 * rate table (the same one the tax uses), per HS chapter, each chapter rounded half-up to the fen
 * once and the total their sum, so the parts always add up.
 */
export function clearedFigures(items: InventoryItem[], rates: ExchangeRateTable): ClearedFigures {
  const byChapter = new Map<string, Rational>();
  for (const item of items) {
    const rate = rates.rates.get(item.currency);
    if (!rate) throw new Error(`no customs exchange rate for ${item.currency} (the submission checks this)`);
    const value = (Rational.parse(item.totalPrice) ?? Rational.ZERO).mul(rate.perUnit);
    const chapter = hsChapterOf(item.gcode);
    byChapter.set(chapter, (byChapter.get(chapter) ?? Rational.ZERO).add(value));
  }
  const lines = [...byChapter.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([hsChapter, value]) => ({ hsChapter, fen: value.toFen() }));
  return {
    valueCny: formatFen(lines.reduce((sum, line) => sum + line.fen, 0n)),
    lines: lines.map(({ hsChapter, fen }) => ({ hsChapter, valueCny: formatFen(fen) })),
  };
}
