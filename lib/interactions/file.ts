/**
 * Reading an interaction export: split into records without parsing every
 * cell (a quote-aware scan, so a line break inside quotes stays in its
 * record), a preview of the first rows, and a chunk's rows as field values.
 */
import { parseCsv } from '@/lib/catalog/csv'
import type { InteractionField, InteractionFormat, Mapping } from './model'

/** The records of `text` after its first line (CSV: the header), each with its 1-based line, and the header line. */
export function splitRecords(text: string, format: InteractionFormat): { header: string | null; records: { line: number; text: string }[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const records: { line: number; text: string }[] = []
  let start = 0
  let line = 1
  let recordLine = 1
  let quoted = false
  for (let i = 0; i < body.length; i++) {
    const ch = body.charCodeAt(i)
    if (format === 'csv' && ch === 34) quoted = !quoted
    else if (ch === 10) {
      if (!quoted) {
        const end = i > start && body.charCodeAt(i - 1) === 13 ? i - 1 : i
        if (end > start) records.push({ line: recordLine, text: body.slice(start, end) })
        start = i + 1
        recordLine = line + 1
      }
      line++
    }
  }
  if (start < body.length) {
    const rest = body.slice(start).replace(/\r$/, '')
    if (rest) records.push({ line: recordLine, text: rest })
  }
  if (format === 'jsonl') return { header: null, records }
  const [first, ...rest] = records
  return { header: first?.text ?? null, records: rest }
}

/** The columns of a CSV header, or the keys of the first JSON line. */
export function columnsOf(header: string | null, first: string | undefined, format: InteractionFormat): string[] | { error: string } {
  if (format === 'csv') {
    if (!header) return { error: 'The file is empty: its first line names the columns' }
    return parseCsv(header).records[0]?.cells.map((c) => c.trim()) ?? []
  }
  if (!first) return { error: 'The file has no lines' }
  try {
    const o = JSON.parse(first) as unknown
    if (!o || typeof o !== 'object' || Array.isArray(o)) return { error: 'Line 1 is not a JSON object' }
    return Object.keys(o)
  } catch {
    return { error: 'Line 1 is not JSON: save the export as JSON lines (one object per line) or CSV' }
  }
}

export type ReadRow = { line: number; values: Partial<Record<InteractionField, string>> } | { line: number; error: string }

/** The rows of a chunk as field values by the mapping (CSV cells by column position, JSON by key). */
export function readRows(lines: { line: number; text: string }[], format: InteractionFormat, columns: readonly string[], mapping: Mapping): ReadRow[] {
  const fields = Object.entries(mapping).filter(([, c]) => c) as [InteractionField, string][]
  if (format === 'jsonl') {
    return lines.map(({ line, text }) => {
      try {
        const o = JSON.parse(text) as Record<string, unknown>
        if (!o || typeof o !== 'object') return { line, error: 'Not a JSON object' }
        const values: Partial<Record<InteractionField, string>> = {}
        for (const [f, key] of fields) if (o[key] !== undefined && o[key] !== null) values[f] = String(o[key])
        return { line, values }
      } catch {
        return { line, error: 'Not valid JSON' }
      }
    })
  }
  const index = fields.map(([f, c]) => [f, columns.indexOf(c)] as const)
  const parsed = parseCsv(lines.map((l) => l.text).join('\n'))
  const out: ReadRow[] = parsed.records.map((r, i) => {
    const line = lines[i]?.line ?? 0
    const values: Partial<Record<InteractionField, string>> = {}
    for (const [f, at] of index) if (at >= 0 && r.cells[at] !== undefined) values[f] = r.cells[at]!.trim()
    return { line, values }
  })
  if (parsed.error) out.push({ line: lines[out.length]?.line ?? 0, error: parsed.error.reason })
  return out
}
