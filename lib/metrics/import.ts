/**
 * CSV import of KPI values, all or nothing, with the catalog import's parser
 * (lib/catalog/csv.ts, RFC 4180), limits (10 MB, 50,000 rows) and answer
 * shape (preview, errors with line, column and reason, NDJSON progress from
 * the route). Every row is checked first, by the API's own rules
 * (metricValueInputSchema, then checkValues against the database); one bad
 * row writes nothing; up to 1,000 problems are listed, with a count of the
 * rest. Then all rows go through recordValues in one transaction.
 *
 *   metric        a KPI's name or id (required)
 *   touchpoint    a touchpoint's name or id (required)
 *   value         a finite number (required)
 *   period_start  a date (2026-03-01) or a time (required)
 *   period_end    the same, at or after period_start (empty: period_start)
 *   unit          optional; must be the KPI's
 *   segment       optional customer segment
 *   source        optional (default "csv")
 */
import { sql } from 'drizzle-orm'
import { recordActivity } from '@/lib/activity/record-activity'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '@/lib/catalog/columns'
import { parseCsv, uncsvCell } from '@/lib/catalog/csv'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ValidationError } from '@/lib/errors'
import { metricValueInputSchema, type MetricValueInput } from './model'
import { checkValues, recordValues } from './values'

export const VALUE_CSV_COLUMNS = ['metric', 'touchpoint', 'value', 'period_start', 'period_end', 'unit', 'segment', 'source'] as const
type Column = (typeof VALUE_CSV_COLUMNS)[number]

export type ImportError = { line: number; column: string; reason: string }
export type ImportProgress = { phase: 'validate' | 'write'; done: number; total: number }
export type ImportSummary = { rows: number; values: number; columns: Column[]; preview: { line: number; values: Partial<Record<Column, string>> }[] }
export type ImportResult = { ok: true; committed: boolean; summary: ImportSummary } | { ok: false; errors: ImportError[]; moreErrors: number; summary: ImportSummary | null }

const MAX_ERRORS = 1_000
const PREVIEW_ROWS = 10
const norm = (h: string) => h.trim().toLowerCase().replace(/[\s_\-]+/g, '')
const BY_NORM = new Map<string, Column>(VALUE_CSV_COLUMNS.map((c) => [norm(c), c]))
BY_NORM.set('kpi', 'metric').set('start', 'period_start').set('end', 'period_end').set('from', 'period_start').set('to', 'period_end').set('date', 'period_start')
const FIELD_COLUMN: Record<string, Column> = { metricId: 'metric', touchpointId: 'touchpoint', value: 'value', periodStart: 'period_start', periodEnd: 'period_end', unit: 'unit', segment: 'segment', source: 'source' }
const tick = () => new Promise<void>((r) => setImmediate(r))

/** Name or id → id, for the workspace's metrics and touchpoints (names any case; a name two share must be given by id). */
async function lookups(ctx: MemberContext) {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const make = (rows: { id: string; name: string }[]) => {
      const ids = new Set(rows.map((r) => r.id))
      const byName = new Map<string, string[]>()
      for (const r of rows) byName.set(r.name.trim().toLowerCase(), [...(byName.get(r.name.trim().toLowerCase()) ?? []), r.id])
      return (ref: string): { id: string } | { problem: 'none' | 'several' } => {
        if (ids.has(ref)) return { id: ref }
        const found = byName.get(ref.trim().toLowerCase()) ?? []
        return found.length === 1 ? { id: found[0]! } : { problem: found.length ? 'several' : 'none' }
      }
    }
    return {
      metric: make(rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id::text, name from metrics where workspace_id = ${ctx.workspaceId}`))),
      touchpoint: make(rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id, name from touchpoints where workspace_id = ${ctx.workspaceId}`))),
    }
  })
}

async function validate(ctx: MemberContext, csv: string, onProgress?: (p: ImportProgress) => void) {
  const errors: ImportError[] = []
  const none = { errors, summary: null, inputs: [] as MetricValueInput[] }
  if (Buffer.byteLength(csv, 'utf8') > MAX_IMPORT_BYTES) {
    errors.push({ line: 0, column: '', reason: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files.` })
    return none
  }
  const parsed = parseCsv(csv, { maxRecords: MAX_IMPORT_ROWS + 1 })
  if (parsed.truncated) {
    errors.push({ line: 0, column: '', reason: `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows. Split it into smaller files.` })
    return none
  }
  if (parsed.error) errors.push({ line: parsed.error.line, column: '', reason: parsed.error.reason })
  const [header, ...records] = parsed.records
  if (!header) {
    errors.push({ line: 1, column: '', reason: 'The file is empty: the first line names the columns (metric, touchpoint, value, period_start, …)' })
    return none
  }
  const columns: (Column | null)[] = []
  const seen = new Set<Column>()
  header.cells.forEach((h, i) => {
    const c = BY_NORM.get(norm(h)) ?? null
    if (!h.trim()) errors.push({ line: header.line, column: `#${i + 1}`, reason: 'This column has no name' })
    else if (!c) errors.push({ line: header.line, column: h, reason: `Unknown column "${h}". The columns are: ${VALUE_CSV_COLUMNS.join(', ')}` })
    else if (seen.has(c)) errors.push({ line: header.line, column: h, reason: `The column ${c} appears twice` })
    if (c) seen.add(c)
    columns.push(c)
  })
  for (const required of ['metric', 'touchpoint', 'value', 'period_start'] as const) {
    if (!seen.has(required)) errors.push({ line: header.line, column: required, reason: `The ${required} column is missing: every value needs one` })
  }
  if (records.length === 0 && !parsed.error) errors.push({ line: header.line + 1, column: '', reason: 'The file has no rows under its header' })
  if (errors.length) return none

  const look = await lookups(ctx)
  const inputs: MetricValueInput[] = []
  const lines: number[] = []
  const preview: ImportSummary['preview'] = []
  for (let r = 0; r < records.length; r++) {
    if (r % 2000 === 0) {
      onProgress?.({ phase: 'validate', done: r, total: records.length })
      await tick()
    }
    const { line, cells } = records[r]!
    const raw: Partial<Record<Column, string>> = {}
    cells.forEach((v, i) => {
      const c = columns[i]
      if (c) raw[c] = uncsvCell(v)
    })
    if (preview.length < PREVIEW_ROWS) preview.push({ line, values: raw })
    if (cells.length !== header.cells.length) {
      errors.push({ line, column: '', reason: `This row has ${cells.length} cells; the header has ${header.cells.length}` })
      continue
    }
    const get = (c: Column) => (raw[c] ?? '').trim()
    const rowErrors: ImportError[] = []
    const ref = (c: 'metric' | 'touchpoint', what: string) => {
      if (!get(c)) {
        rowErrors.push({ line, column: c, reason: `Enter the ${what}'s name or id` })
        return ''
      }
      const found = look[c](get(c))
      if ('id' in found) return found.id
      rowErrors.push({ line, column: c, reason: found.problem === 'several' ? `Several ${what}s are called ${get(c)}: use its id` : `There is no ${what} called ${get(c)} in this workspace` })
      return ''
    }
    const metricId = ref('metric', 'KPI')
    const touchpointId = ref('touchpoint', 'touchpoint')
    const result = metricValueInputSchema.safeParse({
      metricId: metricId || '00000000-0000-0000-0000-000000000000',
      touchpointId: touchpointId || '-',
      value: get('value'),
      periodStart: get('period_start'),
      periodEnd: get('period_end') || get('period_start'),
      unit: get('unit') || undefined,
      segment: get('segment'),
      source: get('source') || 'csv',
    })
    if (!result.success) for (const issue of result.error.issues) rowErrors.push({ line, column: FIELD_COLUMN[String(issue.path[0] ?? '')] ?? String(issue.path[0] ?? ''), reason: issue.message })
    if (rowErrors.length || !result.success) {
      errors.push(...rowErrors)
      continue
    }
    inputs.push(result.data)
    lines.push(line)
  }
  if (inputs.length) {
    const { problems } = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => checkValues(tx, ctx.workspaceId, inputs))
    for (const p of problems) errors.push({ line: lines[p.index]!, column: FIELD_COLUMN[p.field]!, reason: p.message })
  }
  onProgress?.({ phase: 'validate', done: records.length, total: records.length })
  errors.sort((a, b) => a.line - b.line)
  return { errors, summary: { rows: records.length, values: inputs.length, columns: columns.filter((c): c is Column => c !== null), preview }, inputs }
}

/** Checks a CSV file of KPI values and, with `commit`, records it: all or nothing. */
export async function importValues(ctx: MemberContext, csv: string, opts: { commit: boolean; onProgress?: (p: ImportProgress) => void }): Promise<ImportResult> {
  assertCan(ctx, 'metrics.record')
  const { errors, summary, inputs } = await validate(ctx, csv, opts.onProgress)
  if (errors.length || !summary) return { ok: false, errors: errors.slice(0, MAX_ERRORS), moreErrors: Math.max(0, errors.length - MAX_ERRORS), summary }
  if (!opts.commit) return { ok: true, committed: false, summary }
  opts.onProgress?.({ phase: 'write', done: 0, total: inputs.length })
  try {
    await recordValues({ workspaceId: ctx.workspaceId, userId: ctx.userId }, inputs, 'csv')
  } catch (err) {
    // A touchpoint retired or a KPI deleted between the check and the write: nothing was written.
    if (err instanceof ValidationError) return { ok: false, errors: [{ line: 0, column: '', reason: 'A KPI or touchpoint of this file changed meanwhile. Check the file again.' }], moreErrors: 0, summary }
    throw err
  }
  await inWorkspace(ctx.workspaceId, ctx.userId, (tx) =>
    recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'metrics.imported', subject: `${inputs.length} values`, data: { values: inputs.length } }),
  )
  opts.onProgress?.({ phase: 'write', done: inputs.length, total: inputs.length })
  return { ok: true, committed: true, summary }
}
