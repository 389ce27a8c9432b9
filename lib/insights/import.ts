/**
 * CSV import of insights, all or nothing, with the catalog import's parser
 * (lib/catalog/csv.ts, RFC 4180), limits (lib/catalog/columns.ts: 10 MB,
 * 50,000 rows) and answer shape (preview, errors with line, column and
 * reason, NDJSON progress from the route). Every row is checked first; one
 * bad row writes nothing. Then all rows go through createInsights in one
 * transaction.
 *
 *   title         required, 1 to 200 characters
 *   body          optional, up to 10,000 characters
 *   type          weakness | opportunity | customer insight | complaint | praise | idea
 *   source        analytics | support (or hotline) | social media | review site | price comparison | survey | sales conversation | crm | other
 *   source_url    optional http(s) link
 *   sentiment     negative | neutral | positive (empty: neutral)
 *   observed_on   optional YYYY-MM-DD, not in the future
 *   touchpoints   touchpoint names or ids, separated by ";"
 *   topics        free tags, separated by ";"
 */
import { sql } from 'drizzle-orm'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '@/lib/catalog/columns'
import { parseCsv, uncsvCell } from '@/lib/catalog/csv'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ValidationError } from '@/lib/errors'
import { createInsights } from './create'
import { INSIGHT_SOURCES, INSIGHT_TYPES, insightInputSchema, type InsightInput } from './model'

export const INSIGHT_CSV_COLUMNS = ['title', 'body', 'type', 'source', 'source_url', 'sentiment', 'observed_on', 'touchpoints', 'topics'] as const
export type InsightCsvColumn = (typeof INSIGHT_CSV_COLUMNS)[number]

export type ImportError = { line: number; column: string; reason: string }
export type ImportProgress = { phase: 'validate' | 'write'; done: number; total: number }
export type PreviewRow = { line: number; values: Partial<Record<InsightCsvColumn, string>> }
export type ImportSummary = { rows: number; insights: number; linked: number; columns: InsightCsvColumn[]; preview: PreviewRow[] }
export type ImportResult =
  | { ok: true; committed: boolean; summary: ImportSummary }
  | { ok: false; errors: ImportError[]; moreErrors: number; summary: ImportSummary | null }

const MAX_ERRORS = 200
const MAX_ERRORS_KEPT = 10_000
const PREVIEW_ROWS = 10

const norm = (h: string) => h.trim().toLowerCase().replace(/[\s_\-]+/g, '')
const BY_NORM = new Map<string, InsightCsvColumn>(INSIGHT_CSV_COLUMNS.map((c) => [norm(c), c]))
// Friendly aliases people write in spreadsheets.
BY_NORM.set('observed', 'observed_on').set('date', 'observed_on').set('url', 'source_url').set('link', 'source_url').set('touchpoint', 'touchpoints').set('topic', 'topics').set('tags', 'topics')

export function insightColumnOf(header: string): InsightCsvColumn | null {
  return BY_NORM.get(norm(header)) ?? null
}

/** Schema field → CSV column, for error messages. */
const FIELD_COLUMN: Record<string, InsightCsvColumn> = {
  title: 'title',
  body: 'body',
  type: 'type',
  source: 'source',
  sourceUrl: 'source_url',
  sentiment: 'sentiment',
  observedOn: 'observed_on',
  touchpointIds: 'touchpoints',
  topics: 'topics',
}

/** "Support or hotline" and "hotline" both mean support. */
function sourceValue(v: string): string {
  const s = v.trim().toLowerCase()
  if (s === 'hotline' || s === 'support or hotline' || s === 'support/hotline') return 'support'
  return v
}

const tick = () => new Promise<void>((r) => setImmediate(r))
const split = (v: string) =>
  v
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)

async function touchpointLookup(ctx: MemberContext) {
  const rows = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) =>
    rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id, name from touchpoints where workspace_id = ${ctx.workspaceId}`)),
  )
  const ids = new Set(rows.map((r) => r.id))
  const byName = new Map<string, string[]>()
  for (const r of rows) {
    const k = r.name.trim().toLowerCase()
    byName.set(k, [...(byName.get(k) ?? []), r.id])
  }
  return { ids, byName }
}

async function validate(ctx: MemberContext, csv: string, onProgress?: (p: ImportProgress) => void) {
  const errors: ImportError[] = []
  const fail = (e: ImportError) => {
    if (errors.length < MAX_ERRORS_KEPT) errors.push(e)
  }
  const none = { errors, summary: null, inputs: [] as InsightInput[] }
  if (Buffer.byteLength(csv, 'utf8') > MAX_IMPORT_BYTES) {
    fail({ line: 0, column: '', reason: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files.` })
    return none
  }
  const parsed = parseCsv(csv, { maxRecords: MAX_IMPORT_ROWS + 1 })
  if (parsed.truncated) {
    fail({ line: 0, column: '', reason: `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows. Split it into smaller files.` })
    return none
  }
  if (parsed.error) fail({ line: parsed.error.line, column: '', reason: parsed.error.reason })
  const [header, ...records] = parsed.records
  if (!header) {
    fail({ line: 1, column: '', reason: 'The file is empty: the first line names the columns (title, type, source, …)' })
    return none
  }
  const columns: (InsightCsvColumn | null)[] = []
  const seen = new Set<InsightCsvColumn>()
  header.cells.forEach((h, i) => {
    const c = insightColumnOf(h)
    if (!h.trim()) fail({ line: header.line, column: `#${i + 1}`, reason: 'This column has no name' })
    else if (!c) fail({ line: header.line, column: h, reason: `Unknown column "${h}". The columns are: ${INSIGHT_CSV_COLUMNS.join(', ')}` })
    else if (seen.has(c)) fail({ line: header.line, column: h, reason: `The column ${c} appears twice` })
    if (c) seen.add(c)
    columns.push(c)
  })
  for (const required of ['title', 'type', 'source'] as const) {
    if (!seen.has(required)) fail({ line: header.line, column: required, reason: `The ${required} column is missing: every insight needs a ${required}` })
  }
  if (records.length === 0 && !parsed.error) fail({ line: header.line + 1, column: '', reason: 'The file has no rows under its header' })
  if (errors.length) return none

  const look = seen.has('touchpoints') ? await touchpointLookup(ctx) : null
  const inputs: InsightInput[] = []
  const preview: PreviewRow[] = []
  let linked = 0
  const total = records.length
  for (let r = 0; r < records.length; r++) {
    if (r % 2000 === 0) {
      onProgress?.({ phase: 'validate', done: r, total })
      await tick()
    }
    const { line, cells } = records[r]!
    const raw: Partial<Record<InsightCsvColumn, string>> = {}
    cells.forEach((v, i) => {
      const c = columns[i]
      if (c) raw[c] = uncsvCell(v)
    })
    if (preview.length < PREVIEW_ROWS) preview.push({ line, values: raw })
    if (cells.length !== header.cells.length) {
      fail({ line, column: '', reason: `This row has ${cells.length} cells; the header has ${header.cells.length}` })
      continue
    }
    const get = (c: InsightCsvColumn) => raw[c] ?? ''
    const rowErrors: ImportError[] = []
    const touchpointIds: string[] = []
    for (const ref of split(get('touchpoints'))) {
      if (look!.ids.has(ref)) touchpointIds.push(ref)
      else {
        const found = look!.byName.get(ref.toLowerCase()) ?? []
        if (found.length === 1) touchpointIds.push(found[0]!)
        else if (found.length > 1) rowErrors.push({ line, column: 'touchpoints', reason: `Several touchpoints are called ${ref}: use its id instead (Touchpoints page → export)` })
        else rowErrors.push({ line, column: 'touchpoints', reason: `There is no touchpoint called ${ref} in this workspace` })
      }
    }
    const candidate = {
      title: get('title'),
      body: get('body'),
      type: get('type'),
      source: sourceValue(get('source')),
      sourceUrl: get('source_url'),
      sentiment: get('sentiment'),
      observedOn: get('observed_on'),
      touchpointIds,
      topics: split(get('topics')),
    }
    const result = insightInputSchema.safeParse(candidate)
    if (!result.success) {
      for (const issue of result.error.issues) {
        const f = String(issue.path[0] ?? '')
        let reason = issue.message
        if (f === 'type' && !get('type').trim()) reason = `Enter a type: ${INSIGHT_TYPES.join(', ')}`
        if (f === 'source' && !get('source').trim()) reason = `Enter a source: ${INSIGHT_SOURCES.join(', ')}`
        rowErrors.push({ line, column: FIELD_COLUMN[f] ?? f, reason })
      }
    }
    if (rowErrors.length || !result.success) {
      rowErrors.forEach(fail)
      continue
    }
    linked += result.data.touchpointIds.length
    inputs.push(result.data)
  }
  onProgress?.({ phase: 'validate', done: total, total })
  const summary: ImportSummary = {
    rows: records.length,
    insights: inputs.length,
    linked,
    columns: columns.filter((c): c is InsightCsvColumn => c !== null),
    preview,
  }
  errors.sort((a, b) => a.line - b.line)
  return { errors, summary, inputs }
}

/**
 * Checks a CSV file of insights and, with `commit`, writes it: all or
 * nothing. The feed's import dialog calls it twice (a dry run that shows the
 * errors or the preview, then the commit).
 */
export async function importInsights(ctx: MemberContext, csv: string, opts: { commit: boolean; onProgress?: (p: ImportProgress) => void }): Promise<ImportResult> {
  assertCan(ctx, 'insights.create')
  const { errors, summary, inputs } = await validate(ctx, csv, opts.onProgress)
  if (errors.length || !summary) return { ok: false, errors: errors.slice(0, MAX_ERRORS), moreErrors: Math.max(0, errors.length - MAX_ERRORS), summary }
  if (!opts.commit) return { ok: true, committed: false, summary }
  opts.onProgress?.({ phase: 'write', done: 0, total: inputs.length })
  try {
    await createInsights({ workspaceId: ctx.workspaceId, userId: ctx.userId }, inputs, 'import')
  } catch (err) {
    // A touchpoint removed between the check and the write: report it like a row error, nothing was written.
    if (err instanceof ValidationError) {
      return { ok: false, errors: [{ line: 0, column: 'touchpoints', reason: 'A touchpoint of this file was removed meanwhile. Check the file again.' }], moreErrors: 0, summary }
    }
    throw err
  }
  opts.onProgress?.({ phase: 'write', done: inputs.length, total: inputs.length })
  return { ok: true, committed: true, summary }
}
