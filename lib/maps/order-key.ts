/**
 * Order keys for cards within a cell (fractional indexing): strings that sort
 * with plain < and always leave room between two neighbours, so a move
 * writes one key instead of renumbering a list, and two people moving cards
 * at once both keep their moves.
 */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
const BASE = DIGITS.length

function digit(s: string, i: number, fill: number): number {
  return i < s.length ? DIGITS.indexOf(s[i]!) : fill
}

/** A key strictly between a and b (either may be null: before the first, after the last). */
export function keyBetween(a: string | null, b: string | null): string {
  if (a !== null && b !== null && a >= b) throw new Error(`order keys out of order: ${a} >= ${b}`)
  let out = ''
  for (let i = 0; ; i++) {
    const lo = a === null ? 0 : digit(a, i, 0)
    const hi = b === null ? BASE : digit(b, i, BASE)
    if (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2)
      return out + DIGITS[mid]
    }
    // No room at this digit: keep a's digit and look further right.
    out += DIGITS[lo]
    if (b !== null && hi - lo === 1 && i >= (a?.length ?? 0)) {
      // a has ended; any key starting with out + something > 0 is below b.
      return out + DIGITS[Math.floor(BASE / 2)]
    }
  }
}

/** n keys in order, spread out, for a fresh list. */
export function initialKeys(n: number): string[] {
  const keys: string[] = []
  let prev: string | null = null
  for (let i = 0; i < n; i++) keys.push((prev = keyBetween(prev, null)))
  return keys
}
