/**
 * RFC 4180 CSV, both ways, without a dependency: quoted fields, escaped
 * quotes (""), commas and line breaks inside quotes, CRLF or LF, a leading
 * byte order mark. Pure, so the browser (preview) and the server (import,
 * export) share it.
 */

export type CsvRecord = { /** 1-based line of the file where the record starts. */ line: number; cells: string[] }
export type CsvParse = { records: CsvRecord[]; error?: { line: number; reason: string }; /** More records than `maxRecords`: parsing stopped. */ truncated?: boolean }

/**
 * Parses CSV text into records. Blank lines are skipped. Stops at the first
 * malformed record (an unterminated quote, text after a closing quote), or
 * once `maxRecords` records were read and another one follows.
 */
export function parseCsv(input: string, opts: { maxRecords?: number } = {}): CsvParse {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const max = opts.maxRecords ?? Infinity
  const records: CsvRecord[] = []
  const n = text.length
  let i = 0
  let line = 1
  while (i < n) {
    const start = line
    const cells: string[] = []
    let ended = false
    while (!ended) {
      let cell = ''
      if (text[i] === '"') {
        i++
        for (;;) {
          if (i >= n) return { records, error: { line: start, reason: 'A quoted field is not closed (a " is missing)' } }
          const q = text.indexOf('"', i)
          if (q < 0) return { records, error: { line: start, reason: 'A quoted field is not closed (a " is missing)' } }
          const chunk = text.slice(i, q)
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++
          cell += chunk
          i = q + 1
          if (text[i] === '"') {
            cell += '"'
            i++
            continue
          }
          break
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          return { records, error: { line, reason: 'Unexpected text after a closing quote (write a quote inside a quoted field as "")' } }
        }
      } else {
        let j = i
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++
        cell = text.slice(i, j)
        i = j
      }
      cells.push(cell)
      if (i >= n) ended = true
      else if (text[i] === ',') i++
      else {
        if (text[i] === '\r') i++
        if (text[i] === '\n') i++
        line++
        ended = true
      }
    }
    if (cells.length === 1 && cells[0] === '') continue // blank line
    if (records.length >= max) return { records, truncated: true }
    records.push({ line: start, cells })
  }
  return { records }
}

const NEEDS_QUOTES = /[",\r\n]/

/** Cells a spreadsheet would run as a formula get a leading apostrophe (stripped again on import). */
const FORMULA = /^[=+\-@\t\r]/

export function csvCell(value: string): string {
  const v = FORMULA.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v
}

/** Undoes csvCell's formula guard. */
export function uncsvCell(value: string): string {
  return value.length > 1 && value[0] === "'" && FORMULA.test(value.slice(1)) ? value.slice(1) : value
}

export const csvLine = (cells: string[]) => cells.map(csvCell).join(',') + '\r\n'
