/**
 * The standard PDF fonts Helvetica and Helvetica-Bold (no embedding needed):
 * their advance widths for WinAnsi characters (1/1000 em, from Adobe's AFM
 * files), and the WinAnsi encoding of text, so lines can be measured and
 * wrapped before drawing, in the PDF and in the SVG alike.
 */

// Widths of ASCII 32..126.
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
]

/** Unicode code points that WinAnsi (CP1252) places in 0x80..0x9F. */
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a,
  0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97,
  0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
}
const HIGH_WIDTH: Record<number, number> = { 0x80: 556, 0x85: 1000, 0x91: 222, 0x92: 222, 0x93: 333, 0x94: 333, 0x95: 350, 0x96: 556, 0x97: 1000, 0x99: 1000, 0x8c: 1000, 0x9c: 944 }

/**
 * Text as WinAnsi bytes. Characters outside WinAnsi are first decomposed
 * (a letter with a diacritic WinAnsi lacks keeps its base letter) and
 * otherwise become "?"; control characters become spaces.
 */
export function toWinAnsi(text: string): number[] {
  const out: number[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) out.push(0x20)
    else if (cp < 0x100) out.push(cp)
    else if (CP1252_HIGH[cp] !== undefined) out.push(CP1252_HIGH[cp]!)
    else {
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
      const b = base.codePointAt(0)
      if (base.length > 0 && b !== undefined && b < 0x100 && b >= 0x20) for (const c of base) out.push(c.codePointAt(0)! < 0x100 ? c.codePointAt(0)! : 0x3f)
      else out.push(0x3f)
    }
  }
  return out
}

/** The text as it will print (WinAnsi round-tripped back to a JS string): what the SVG shows too, so both agree. */
export function printable(text: string): string {
  const back = Object.fromEntries(Object.entries(CP1252_HIGH).map(([u, b]) => [b, Number(u)]))
  return String.fromCodePoint(...toWinAnsi(text).map((b) => back[b] ?? b))
}

function byteWidth(b: number, bold: boolean): number {
  if (b >= 32 && b <= 126) return (bold ? BOLD : REGULAR)[b - 32]!
  if (HIGH_WIDTH[b] !== undefined) return HIGH_WIDTH[b]!
  if (b === 0xa0) return 278
  // Latin-1 letters: close to their base letters' width.
  return bold ? 611 : 556
}

/** Width in points of `text` at `size`. */
export function textWidth(text: string, size: number, bold = false): number {
  let w = 0
  for (const b of toWinAnsi(text)) w += byteWidth(b, bold)
  return (w * size) / 1000
}

/**
 * Greedy word wrap to `width` points; a word longer than a line is broken.
 * At most `maxLines` lines; the last one ends with "..." when text was cut.
 */
export function wrapText(text: string, width: number, size: number, bold = false, maxLines = Infinity): string[] {
  const words = printable(text).replace(/\s+/g, ' ').trim().split(' ').filter(Boolean)
  const lines: string[] = []
  let line = ''
  const push = (l: string) => lines.push(l)
  for (let word of words) {
    const candidate = line ? `${line} ${word}` : word
    if (textWidth(candidate, size, bold) <= width) {
      line = candidate
      continue
    }
    if (line) push(line)
    line = ''
    while (textWidth(word, size, bold) > width) {
      let n = word.length - 1
      while (n > 1 && textWidth(word.slice(0, n), size, bold) > width) n--
      push(word.slice(0, n))
      word = word.slice(n)
    }
    line = word
  }
  if (line) push(line)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  let last = kept[maxLines - 1]!
  while (last && textWidth(`${last}...`, size, bold) > width) last = last.slice(0, -1)
  kept[maxLines - 1] = `${last.trimEnd()}...`
  return kept
}
