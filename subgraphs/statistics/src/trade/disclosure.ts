/** One aggregate cell: a period's figures for one combination of dimension values. */
export interface Cell {
  dims: string[];
  declarations: number;
  /** Value in CNY, fen. */
  value: bigint;
  /** The part of the value declared in CNY, fen. */
  cny: bigint;
  /** The declaring enterprises that make up the cell (known only when disclosure control needs them). */
  enterprises: Set<string>;
}

export interface Disclosed {
  visible: Map<string, Cell>;
  /** The pooled cells, shown as one row whose every dimension is OTHER; absent when nothing was pooled. */
  other?: Cell;
}

export const OTHER = 'OTHER';

/**
 * Statistical disclosure control for callers other than regulators (README.md): a cell made up of
 * fewer than `min` enterprises would show one enterprise's own trade, so it is pooled into OTHER
 * (primary suppression). When the pool itself has fewer than `min` enterprises, the total minus the
 * visible cells would still give it away, so the smallest visible cells join it until it has enough
 * (secondary suppression); if even all of them together do not, the period shows nothing.
 */
export function disclose(cells: Map<string, Cell>, min: number, dimensions: number): Disclosed {
  if (min <= 1) return { visible: cells };
  const visible = new Map(cells);
  const pooled: Cell[] = [];
  const pool = new Set<string>();
  const take = (key: string) => {
    const cell = visible.get(key)!;
    visible.delete(key);
    pooled.push(cell);
    for (const uscc of cell.enterprises) pool.add(uscc);
  };
  for (const [key, cell] of cells) if (cell.enterprises.size < min) take(key);
  if (pooled.length === 0) return { visible };
  const bySize = [...visible.entries()].sort(([ka, a], [kb, b]) =>
    a.enterprises.size - b.enterprises.size || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) || ka.localeCompare(kb));
  for (const [key] of bySize) {
    if (pool.size >= min) break;
    take(key);
  }
  if (pool.size < min) return { visible: new Map() };
  const other: Cell = { dims: Array(dimensions).fill(OTHER), declarations: 0, value: 0n, cny: 0n, enterprises: pool };
  for (const cell of pooled) {
    other.declarations += cell.declarations;
    other.value += cell.value;
    other.cny += cell.cny;
  }
  return { visible, other };
}
