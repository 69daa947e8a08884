/** Returns why `value` is not a valid 10-character enterprise customs registration code, or undefined when it is valid. */
export function customsCodeProblem(value: string): string | undefined {
  const chars = [...value];
  if (chars.length !== 10) {
    return `must be 10 characters, got ${chars.length}`;
  }
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (i < 4) {
      if (!/^[0-9]$/.test(ch)) {
        return `character ${i + 1} '${ch}' is not allowed (characters 1-4 are the registering customs area and must be digits 0-9)`;
      }
      continue;
    }
    if (/^[0-9A-Z]$/.test(ch)) continue;
    if (/^[a-z]$/.test(ch)) {
      return `character ${i + 1} '${ch}' is lower case; upper case is required (allowed: 0-9 A-Z)`;
    }
    return `character ${i + 1} '${ch}' is not allowed (allowed: 0-9 A-Z)`;
  }
  return undefined;
}
