/** Masks an ID number: 18 characters keep the first 6 and last 4; other lengths over 4 keep the first 2 and last 2; shorter ones are fully masked. */
export function maskIdNumber(id: string): string {
  const chars = [...id];
  const n = chars.length;
  const [head, tail] = n === 18 ? [6, 4] : n > 4 ? [2, 2] : [0, 0];
  return chars.map((ch, i) => (i < head || i >= n - tail ? ch : '*')).join('');
}

/** Masks a personal name by Unicode code point: keeps the first non-space character, masks the rest, preserves whitespace. */
export function maskName(name: string): string {
  let keptFirst = false;
  return [...name]
    .map((ch) => {
      if (/\s/u.test(ch)) return ch;
      if (!keptFirst) {
        keptFirst = true;
        return ch;
      }
      return '*';
    })
    .join('');
}

/** Masks a phone number's digits (other characters dropped): keeps the first 3 and last 4, or only the last 2 when shorter than 8 digits (none when 2 or fewer). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^0-9]/g, '');
  const n = digits.length;
  if (n >= 8) return digits.slice(0, 3) + '*'.repeat(n - 7) + digits.slice(n - 4);
  if (n > 2) return '*'.repeat(n - 2) + digits.slice(n - 2);
  return '*'.repeat(n);
}
