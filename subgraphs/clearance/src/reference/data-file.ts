import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a shipped reference file may live, in order. From src/reference/ and dist/reference/ the data folder
 * is two levels up; a build elsewhere (a scratch outDir) finds it from the working directory, either the
 * repository root or subgraphs/clearance. CLEARANCE_DATA_DIR overrides all of them.
 */
function candidates(file: string): string[] {
  const list = [
    path.join(__dirname, '..', '..', 'data', file),
    path.join(process.cwd(), 'subgraphs', 'clearance', 'data', file),
    path.join(process.cwd(), 'data', file),
  ];
  const override = process.env.CLEARANCE_DATA_DIR;
  return override ? [path.join(override, file), ...list] : list;
}

/** Reads a file shipped in subgraphs/clearance/data; throws naming every place it looked. */
export function readDataFile(file: string): string {
  const tried = candidates(file);
  const found = tried.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`reference data file ${file} not found; looked in: ${tried.join(', ')} (set CLEARANCE_DATA_DIR to its folder)`);
  }
  return readFileSync(found, 'utf8');
}

/** Reads a list file: one code per line, `#` comment lines and blank lines ignored; every code must match `shape`. */
export function readCodeList(file: string, shape: RegExp): string[] {
  const codes: string[] = [];
  readDataFile(file)
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      if (!shape.test(line)) throw new Error(`${file} line ${i + 1}: '${line}' does not match ${shape}`);
      codes.push(line);
    });
  return codes;
}

/** Reads a JSON file shipped in subgraphs/clearance/data. */
export function readDataJson<T>(file: string): T {
  return JSON.parse(readDataFile(file)) as T;
}
