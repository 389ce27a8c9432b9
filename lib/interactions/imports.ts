/**
 * Importing interactions in the background. `startImport` splits the file
 * into chunks of 20,000 records, stores them with the import and queues the
 * job; `runImport` (the `interactions.import` job) takes the chunks in order,
 * and each chunk is counted (volumes per touchpoint and day, unmatched types,
 * bad rows) and marked done in ONE transaction that first claims it: a chunk
 * is counted once whatever stops in between, and a restart (the job is
 * queued again for every unfinished import at start) goes on from the first
 * chunk not done. Chunks are deleted when the import is done.
 */
import { and, desc, eq, sql } from 'drizzle-orm'
import { interactionImportChunks, interactionImports, interactionSources } from '@/db/schema'
import { assertCan, type MemberContext } from '@/lib/auth/membership'
import { database, rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { enqueue } from '@/lib/jobs/queue'
import { signal } from '@/lib/live/signals'
import { log } from '@/lib/log'
import { parseCsv } from '@/lib/catalog/csv'
import { columnsOf, readRows, splitRecords } from './file'
import { matcher, type Rule } from './matcher'
import { CHUNK_ROWS, guessMapping, MAX_PROBLEMS, mappingProblems, type InteractionFormat, type Mapping } from './model'

export const IMPORT_JOB = 'interactions.import'
export const RESUME_JOB = 'interactions.resume'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type Preview = { columns: string[]; rows: Record<string, string>[]; mapping: Mapping; remembered: boolean; rowCount: number }

/** The file's columns, its first rows and a mapping: the source's remembered one when it fits, else a guess. */
export async function previewImport(ctx: MemberContext, source: string, format: InteractionFormat, text: string): Promise<Preview> {
  assertCan(ctx, 'maps.edit')
  const { header, records } = splitRecords(text, format)
  const columns = columnsOf(header, records[0]?.text, format)
  if ('error' in columns) throw new ValidationError({ file: [columns.error] })
  const sample = records.slice(0, 10)
  const rows =
    format === 'csv'
      ? parseCsv(sample.map((r) => r.text).join('\n')).records.map((r) => Object.fromEntries(columns.map((c, k) => [c, r.cells[k] ?? ''])))
      : sample.map((r) => {
          try {
            const o = JSON.parse(r.text) as Record<string, unknown>
            return Object.fromEntries(columns.map((c) => [c, o[c] === undefined || o[c] === null ? '' : String(o[c])]))
          } catch {
            return {}
          }
        })
  const remembered = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [s] = await tx.select({ mapping: interactionSources.mapping }).from(interactionSources).where(and(eq(interactionSources.workspaceId, ctx.workspaceId), sql`lower(${interactionSources.name}) = lower(${source})`))
    return s?.mapping ?? null
  })
  const fits = remembered && Object.values(remembered).every((c) => !c || columns.includes(c))
  return { columns, rows, mapping: fits ? (remembered as Mapping) : guessMapping(columns), remembered: Boolean(fits), rowCount: records.length }
}

/** Checks the mapping, remembers it for the source, stores the file in chunks and queues the import. */
export async function startImport(ctx: MemberContext, input: { source: string; format: InteractionFormat; fileName: string; mapping: Mapping; text: string }): Promise<{ id: string; rows: number }> {
  assertCan(ctx, 'maps.edit')
  const { header, records } = splitRecords(input.text, input.format)
  const columns = columnsOf(header, records[0]?.text, input.format)
  if ('error' in columns) throw new ValidationError({ file: [columns.error] })
  if (!records.length) throw new ValidationError({ file: ['The file has no rows'] })
  const problems = mappingProblems(input.mapping, input.format === 'csv' ? columns : null)
  if (Object.keys(problems).length) throw new ValidationError(problems, 'Choose the columns to read')
  const mapping = Object.fromEntries(Object.entries(input.mapping).filter(([, v]) => v)) as Mapping
  const id = await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [src] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into interaction_sources (workspace_id, name, mapping) values (${ctx.workspaceId}, ${input.source}, ${JSON.stringify(mapping)}::jsonb)
        on conflict (workspace_id, lower(name)) do update set mapping = excluded.mapping, updated_at = now()
        returning id`),
    )
    const [imp] = await tx
      .insert(interactionImports)
      .values({ workspaceId: ctx.workspaceId, sourceId: src!.id, fileName: input.fileName.slice(0, 200), format: input.format, mapping, columns, totalRows: records.length, createdBy: ctx.userId })
      .returning({ id: interactionImports.id })
    for (let seq = 0, i = 0; i < records.length; seq++, i += CHUNK_ROWS) {
      const part = records.slice(i, i + CHUNK_ROWS)
      await tx.insert(interactionImportChunks).values({ importId: imp!.id, workspaceId: ctx.workspaceId, seq, lines: part.map((r) => r.text).join('\n'), firstLine: part[0]!.line, rowCount: part.length })
    }
    return imp!.id
  })
  await enqueue(IMPORT_JOB, { workspaceId: ctx.workspaceId, importId: id }, { singletonKey: id })
  signal(ctx.workspaceId, 'interactions')
  return { id, rows: records.length }
}

type ImportRow = typeof interactionImports.$inferSelect

async function rulesAndNames(tx: Tx, workspaceId: string) {
  const rules = rowsOf<{ field: Rule['field']; kind: Rule['kind']; pattern: string; touchpoint_id: string }>(
    await tx.execute(sql`select field, kind, pattern, touchpoint_id from interaction_rules where workspace_id = ${workspaceId} order by created_at, id`),
  ).map((r) => ({ field: r.field, kind: r.kind, pattern: r.pattern, touchpointId: r.touchpoint_id }))
  const names = new Map(
    rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id, name from touchpoints where workspace_id = ${workspaceId} and status = 'active'`)).map((t) => [t.name.trim().toLowerCase(), t.id]),
  )
  return matcher(rules, names)
}

/** One chunk, counted and marked done in one transaction; false when there is none left. */
async function nextChunk(workspaceId: string, imp: ImportRow, match: (type: string, channel: string) => string | null): Promise<boolean> {
  return inWorkspace(workspaceId, null, async (tx) => {
    // Claim the first chunk not done (a second worker waits on the row lock, then skips it).
    const [chunk] = rowsOf<{ seq: number; lines: string; first_line: number }>(
      await tx.execute(sql`select seq, lines, first_line from interaction_import_chunks where import_id = ${imp.id} and done = false order by seq limit 1 for update skip locked`),
    )
    if (!chunk) return false
    const lines = chunk.lines.split('\n').map((text, i) => ({ line: chunk.first_line + i, text }))
    // CSV records may hold line breaks inside quotes: number by record, close enough for messages.
    const rows = readRows(lines, imp.format as InteractionFormat, imp.columns, imp.mapping as Mapping)
    const volumes = new Map<string, number>()
    const unmatched = new Map<string, number>()
    const problems: { line: number; reason: string }[] = []
    let matched = 0
    let miss = 0
    let bad = 0
    for (const r of rows) {
      if ('error' in r) {
        bad++
        if (problems.length < MAX_PROBLEMS) problems.push({ line: r.line, reason: r.error })
        continue
      }
      const v = r.values
      const at = v.timestamp ? Date.parse(v.timestamp) : Number.NaN
      if (!v.type || !v.channel || Number.isNaN(at)) {
        bad++
        if (problems.length < MAX_PROBLEMS) problems.push({ line: r.line, reason: !v.type ? 'No interaction type' : !v.channel ? 'No channel' : `“${(v.timestamp ?? '').slice(0, 40)}” is not a date or time` })
        continue
      }
      const tp = match(v.type, v.channel)
      if (tp) {
        matched++
        const key = `${tp}\u0000${new Date(at).toISOString().slice(0, 10)}`
        volumes.set(key, (volumes.get(key) ?? 0) + 1)
      } else {
        miss++
        const key = `${v.type.slice(0, 200)}\u0000${v.channel.slice(0, 200)}`
        unmatched.set(key, (unmatched.get(key) ?? 0) + 1)
      }
    }
    if (volumes.size) {
      const entries = [...volumes.entries()].map(([k, n]) => [...k.split('\u0000'), String(n)] as [string, string, string])
      await tx.execute(sql`
        insert into interaction_volumes (workspace_id, touchpoint_id, day, count)
        select ${workspaceId}::uuid, x.t, x.d::date, x.n::int from unnest(${sql.param(entries.map((e) => e[0]))}::text[], ${sql.param(entries.map((e) => e[1]))}::text[], ${sql.param(entries.map((e) => e[2]))}::text[]) as x(t, d, n)
        on conflict (workspace_id, touchpoint_id, day) do update set count = interaction_volumes.count + excluded.count`)
    }
    if (unmatched.size) {
      const entries = [...unmatched.entries()].map(([k, n]) => [...k.split('\u0000'), String(n)] as [string, string, string])
      await tx.execute(sql`
        insert into interaction_unmatched (workspace_id, import_id, type, channel, count)
        select ${workspaceId}::uuid, ${imp.id}::uuid, x.t, x.c, x.n::int from unnest(${sql.param(entries.map((e) => e[0]))}::text[], ${sql.param(entries.map((e) => e[1]))}::text[], ${sql.param(entries.map((e) => e[2]))}::text[]) as x(t, c, n)
        on conflict (import_id, type, channel) do update set count = interaction_unmatched.count + excluded.count`)
    }
    await tx.execute(sql`update interaction_import_chunks set done = true where import_id = ${imp.id} and seq = ${chunk.seq}`)
    await tx.execute(sql`
      update interaction_imports set status = 'running', done_rows = done_rows + ${rows.length}, matched = matched + ${matched}, unmatched = unmatched + ${miss}, bad = bad + ${bad},
        problems = case when jsonb_array_length(problems) >= ${MAX_PROBLEMS} then problems else (problems || ${JSON.stringify(problems)}::jsonb) end
      where id = ${imp.id}`)
    return true
  })
}

/**
 * The job: every chunk not done yet (at most `maxChunks`: tests stop there,
 * as a process that stops would), then the import is done (its chunks deleted).
 */
export async function runImport(workspaceId: string, importId: string, opts: { maxChunks?: number } = {}): Promise<void> {
  if (!UUID.test(importId)) return
  const imp = await inWorkspace(workspaceId, null, async (tx) => (await tx.select().from(interactionImports).where(and(eq(interactionImports.workspaceId, workspaceId), eq(interactionImports.id, importId))))[0])
  if (!imp || imp.status === 'done' || imp.status === 'failed') return
  const match = await inWorkspace(workspaceId, null, (tx) => rulesAndNames(tx, workspaceId))
  let lastSignal = 0
  let chunks = 0
  try {
    while ((opts.maxChunks === undefined || chunks++ < opts.maxChunks) && (await nextChunk(workspaceId, imp, match))) {
      if (Date.now() - lastSignal > 500) {
        lastSignal = Date.now()
        signal(workspaceId, 'interactions')
      }
    }
  } catch (err) {
    log.error('interactions: a chunk failed (the import goes on from it when retried)', { importId, err: String(err) })
    throw err
  }
  await inWorkspace(workspaceId, null, async (tx) => {
    const [left] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from interaction_import_chunks where import_id = ${importId} and done = false`))
    if (left!.n > 0) return
    await tx.execute(sql`update interaction_imports set status = 'done', finished_at = now() where id = ${importId} and status <> 'done'`)
    await tx.execute(sql`delete from interaction_import_chunks where import_id = ${importId}`)
  })
  signal(workspaceId, 'interactions')
  signal(workspaceId, 'maps')
}

/** At start: queue every import a stop interrupted. */
export async function resumeUnfinished(): Promise<number> {
  const db = await database()
  const rows = rowsOf<{ workspace_id: string; import_id: string }>(await db.execute(sql`select workspace_id, import_id from touchmap_interaction_imports_unfinished()`))
  for (const r of rows) await enqueue(IMPORT_JOB, { workspaceId: r.workspace_id, importId: r.import_id }, { singletonKey: r.import_id })
  return rows.length
}

export type ImportSummary = Pick<ImportRow, 'id' | 'fileName' | 'status' | 'totalRows' | 'doneRows' | 'matched' | 'unmatched' | 'bad' | 'problems'> & { source: string; createdAt: string; finishedAt: string | null }

/** The latest imports (`id`: that one only), newest first. */
export async function listImports(ctx: MemberContext, limit = 10, id?: string): Promise<ImportSummary[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = await tx
      .select({ i: interactionImports, source: interactionSources.name })
      .from(interactionImports)
      .innerJoin(interactionSources, eq(interactionSources.id, interactionImports.sourceId))
      .where(and(eq(interactionImports.workspaceId, ctx.workspaceId), id ? eq(interactionImports.id, id) : undefined))
      .orderBy(desc(interactionImports.createdAt))
      .limit(limit)
    return rows.map(({ i, source }) => ({
      id: i.id,
      fileName: i.fileName,
      status: i.status,
      totalRows: i.totalRows,
      doneRows: i.doneRows,
      matched: i.matched,
      unmatched: i.unmatched,
      bad: i.bad,
      problems: i.problems,
      source,
      createdAt: i.createdAt.toISOString(),
      finishedAt: i.finishedAt?.toISOString() ?? null,
    }))
  })
}

export async function getImport(ctx: MemberContext, id: string): Promise<ImportSummary> {
  if (!UUID.test(id)) throw new NotFoundError('Import not found')
  const [found] = await listImports(ctx, 1, id)
  if (!found) throw new NotFoundError('Import not found')
  return found
}
