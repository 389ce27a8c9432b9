/**
 * CSV import of touchpoints (columns: lib/catalog/columns.ts). Everything is
 * validated first; one bad row writes nothing. Then every catalog change goes
 * in ONE change of the catalog document, then the placements, one change per
 * map document; the read model is brought up to date before returning.
 */
import { and, eq } from 'drizzle-orm'
import type * as Y from 'yjs'
import { departments, mapSegments, mapStages, maps, memberships, touchpoints, users } from '@/db/schema'
import { assertCan, can, type MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { addTouchpoint, catalogDocName, mapDocName, placementsOf, segmentsOf, stagesOf, touchpointsOf, placeTouchpoint, updateTouchpoint } from '@/lib/maps/doc-schema'
import { CONTROLS, EMPTY_TOUCHPOINT, OWNERSHIPS, TEXT_FIELDS, TOUCHPOINT_KINDS, TOUCHPOINT_STATUSES, touchpointFieldsSchema, type TouchpointFields } from '@/lib/maps/model'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { withDocument } from '@/lib/documents/live-documents'
import { CSV_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, columnOf, type CsvColumn } from './columns'
import { parseCsv, uncsvCell } from './csv'
import { mapNotDeleted } from '@/lib/maps/visibility'

export type ImportError = { line: number; column: string; reason: string }
export type ImportProgress = { phase: 'validate' | 'write'; done: number; total: number }
export type PreviewRow = { line: number; values: Partial<Record<CsvColumn, string>> }
export type ImportSummary = {
  rows: number
  touchpoints: number
  create: number
  update: number
  placements: number
  columns: CsvColumn[]
  preview: PreviewRow[]
}
export type ImportResult =
  | { ok: true; committed: boolean; summary: ImportSummary }
  | { ok: false; errors: ImportError[]; moreErrors: number; summary: ImportSummary | null }

const MAX_ERRORS = 200
const PREVIEW_ROWS = 10
const MAX_ERRORS_PER_FILE = 10_000

type Group = { key: string; id: string | null; line: number; fields: TouchpointFields; placements: { mapId: string; stageId: string; segmentId: string }[] }

const tick = () => new Promise<void>((r) => setImmediate(r))
const lower = (s: string) => s.trim().toLowerCase()

const FIELD_COLUMN: Record<string, CsvColumn> = { ownerUserId: 'owner', ownerDepartmentId: 'department' }

async function lookups(ctx: MemberContext) {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const ws = ctx.workspaceId
    const [ids, members, depts, mapRows, stageRows, segmentRows] = [
      await tx.select({ id: touchpoints.id, ownerUserId: touchpoints.ownerUserId, ownerDepartmentId: touchpoints.ownerDepartmentId }).from(touchpoints).where(eq(touchpoints.workspaceId, ws)),
      await tx.select({ id: users.id, email: users.email }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.workspaceId, ws)),
      await tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.workspaceId, ws)),
      await tx.select({ id: maps.id, name: maps.name }).from(maps).where(and(eq(maps.workspaceId, ws), mapNotDeleted())),
      await tx.select({ mapId: mapStages.mapId, id: mapStages.id, name: mapStages.name }).from(mapStages).where(eq(mapStages.workspaceId, ws)),
      await tx.select({ mapId: mapSegments.mapId, id: mapSegments.id, name: mapSegments.name }).from(mapSegments).where(and(eq(mapSegments.workspaceId, ws))),
    ]
    const byName = <T extends { name: string }>(rows: T[]) => {
      const m = new Map<string, T[]>()
      for (const r of rows) m.set(lower(r.name), [...(m.get(lower(r.name)) ?? []), r])
      return m
    }
    return {
      /** Existing touchpoints with their owners, by id. */
      existing: new Map(ids.map((r) => [r.id, { ownerUserId: r.ownerUserId, ownerDepartmentId: r.ownerDepartmentId }])),
      members: new Map(members.map((m) => [lower(m.email), m.id])),
      departments: byName(depts),
      maps: byName(mapRows),
      stages: (mapId: string) => byName(stageRows.filter((s) => s.mapId === mapId)),
      segments: (mapId: string) => byName(segmentRows.filter((s) => s.mapId === mapId)),
    }
  })
}

function choice<T extends string>(value: string, values: readonly T[], fallback: T): T | string {
  if (!value.trim()) return fallback
  return values.find((v) => v === lower(value).replace(/[\s-]+/g, '_')) ?? value
}

const YES = new Set(['yes', 'y', 'true', '1', 'ja', 'x'])
const NO = new Set(['no', 'n', 'false', '0', 'nein', ''])

/** Validates a CSV file against this workspace: every error with its line and column, a preview, and what would be written. */
async function validate(ctx: MemberContext, csv: string, onProgress?: (p: ImportProgress) => void) {
  const errors: ImportError[] = []
  const fail = (e: ImportError) => {
    if (errors.length < MAX_ERRORS_PER_FILE) errors.push(e)
  }
  if (Buffer.byteLength(csv, 'utf8') > MAX_IMPORT_BYTES) {
    fail({ line: 0, column: '', reason: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files.` })
    return { errors, summary: null, groups: [] }
  }
  const parsed = parseCsv(csv, { maxRecords: MAX_IMPORT_ROWS + 1 })
  if (parsed.truncated) {
    fail({ line: 0, column: '', reason: `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows. Split it into smaller files.` })
    return { errors, summary: null, groups: [] }
  }
  if (parsed.error) fail({ line: parsed.error.line, column: '', reason: parsed.error.reason })
  const [header, ...records] = parsed.records
  if (!header) {
    fail({ line: 1, column: '', reason: 'The file is empty: the first line names the columns (name, kind, channel, …)' })
    return { errors, summary: null, groups: [] }
  }
  const columns: (CsvColumn | null)[] = []
  const seen = new Set<CsvColumn>()
  header.cells.forEach((h, i) => {
    const c = columnOf(h)
    if (!h.trim()) fail({ line: header.line, column: `#${i + 1}`, reason: 'This column has no name' })
    else if (!c) fail({ line: header.line, column: h, reason: `Unknown column "${h}". The columns are: ${CSV_COLUMNS.join(', ')}` })
    else if (seen.has(c)) fail({ line: header.line, column: h, reason: `The column ${c} appears twice` })
    if (c) seen.add(c)
    columns.push(c)
  })
  if (!seen.has('name')) fail({ line: header.line, column: 'name', reason: 'The name column is missing: every touchpoint needs a name' })
  if (records.length === 0 && !parsed.error) fail({ line: header.line + 1, column: '', reason: 'The file has no rows under its header' })
  // With the columns wrong, every row would repeat it: the header's errors come alone.
  if (errors.length) return { errors, summary: null, groups: [] }

  const look = await lookups(ctx)
  const mayAssign = can(ctx, 'touchpoints.assign')
  const groups = new Map<string, Group>()
  const seenCells = new Set<string>()
  const preview: PreviewRow[] = []
  let placementsCount = 0
  const total = records.length
  for (let r = 0; r < records.length; r++) {
    if (r % 2000 === 0) {
      onProgress?.({ phase: 'validate', done: r, total })
      await tick()
    }
    const { line, cells } = records[r]!
    const raw: Partial<Record<CsvColumn, string>> = {}
    cells.forEach((v, i) => {
      const c = columns[i]
      if (c) raw[c] = uncsvCell(v)
    })
    if (preview.length < PREVIEW_ROWS) preview.push({ line, values: raw })
    if (cells.length !== header.cells.length) {
      fail({ line, column: '', reason: `This row has ${cells.length} cells; the header has ${header.cells.length}` })
      continue
    }
    const get = (c: CsvColumn) => raw[c] ?? ''
    const rowErrors: ImportError[] = []
    const candidate: Record<string, unknown> = { ...EMPTY_TOUCHPOINT, name: get('name') }
    candidate.kind = choice(get('kind'), TOUCHPOINT_KINDS, EMPTY_TOUCHPOINT.kind)
    candidate.ownership = choice(get('ownership'), OWNERSHIPS, EMPTY_TOUCHPOINT.ownership)
    candidate.control = choice(get('control'), CONTROLS, EMPTY_TOUCHPOINT.control)
    candidate.status = choice(get('status'), TOUCHPOINT_STATUSES, 'active')
    const onsite = lower(get('onsitePage'))
    if (YES.has(onsite)) candidate.onsitePage = true
    else if (NO.has(onsite)) candidate.onsitePage = false
    else rowErrors.push({ line, column: 'onsitePage', reason: `Onsite page is yes or no, not "${get('onsitePage')}"` })
    for (const k of Object.keys(TEXT_FIELDS)) candidate[k] = get(k as CsvColumn)
    // Owners: a column the file leaves out keeps what each touchpoint has; a column it has says what the owner becomes.
    const current = look.existing.get(get('id').trim())
    candidate.ownerUserId = current?.ownerUserId ?? null
    candidate.ownerDepartmentId = current?.ownerDepartmentId ?? null
    if (seen.has('owner')) {
      const email = lower(get('owner'))
      const id = email ? look.members.get(email) : null
      if (email && !id) rowErrors.push({ line, column: 'owner', reason: `No member of this workspace has the email ${get('owner').trim()}` })
      else candidate.ownerUserId = id ?? null
    }
    if (seen.has('department')) {
      const dept = lower(get('department'))
      const d = dept ? look.departments.get(dept) : null
      if (dept && !d) rowErrors.push({ line, column: 'department', reason: `There is no department called ${get('department').trim()} (add it in Settings → Departments first)` })
      else candidate.ownerDepartmentId = d?.[0]!.id ?? null
    }
    if (!mayAssign) {
      for (const [field, column] of [['ownerUserId', 'owner'], ['ownerDepartmentId', 'department']] as const) {
        if (candidate[field] !== (current?.[field] ?? null))
          rowErrors.push({ line, column, reason: 'Only managers and admins assign owners: leave this cell as it is (or empty for a new touchpoint), or ask a manager' })
      }
    }
    const parsedFields = touchpointFieldsSchema.safeParse(candidate)
    if (!parsedFields.success) {
      for (const issue of parsedFields.error.issues) {
        const f = String(issue.path[0] ?? '')
        rowErrors.push({ line, column: FIELD_COLUMN[f] ?? f, reason: issue.message })
      }
    }
    let placement: Group['placements'][number] | null = null
    const [mapName, stageName, segmentName] = [get('map').trim(), get('stage').trim(), get('segment').trim()]
    if (mapName || stageName || segmentName) {
      if (!mapName) rowErrors.push({ line, column: 'map', reason: 'Name the map to place this touchpoint on a stage and segment' })
      if (!stageName) rowErrors.push({ line, column: 'stage', reason: 'Name the stage (a column of the map) to place this touchpoint' })
      if (!segmentName) rowErrors.push({ line, column: 'segment', reason: 'Name the segment (a row of the map) to place this touchpoint' })
      if (mapName && stageName && segmentName) {
        const found = look.maps.get(lower(mapName)) ?? []
        if (found.length === 0) rowErrors.push({ line, column: 'map', reason: `There is no map called ${mapName}` })
        else if (found.length > 1) rowErrors.push({ line, column: 'map', reason: `Several maps are called ${mapName}; rename one so the import knows which` })
        else {
          const mapId = found[0]!.id
          const st = look.stages(mapId).get(lower(stageName))?.[0]
          const sg = look.segments(mapId).get(lower(segmentName))?.[0]
          if (!st) rowErrors.push({ line, column: 'stage', reason: `The map ${mapName} has no stage called ${stageName}` })
          if (!sg) rowErrors.push({ line, column: 'segment', reason: `The map ${mapName} has no segment called ${segmentName}` })
          if (st && sg) placement = { mapId, stageId: st.id, segmentId: sg.id }
        }
      }
    }
    if (rowErrors.length || !parsedFields.success) {
      rowErrors.forEach(fail)
      continue
    }
    const fields = parsedFields.data
    const id = get('id').trim()
    const key = id ? `id:${id}` : `line:${line}`
    const group = groups.get(key)
    if (group) {
      if (JSON.stringify(group.fields) !== JSON.stringify(fields)) {
        fail({ line, column: 'id', reason: `Line ${group.line} has the same id with other details; rows of one touchpoint must agree (one row per placement)` })
        continue
      }
    } else groups.set(key, { key, id: id || null, line, fields, placements: [] })
    if (placement) {
      const cell = `${key}|${placement.mapId}|${placement.stageId}|${placement.segmentId}`
      if (!seenCells.has(cell)) {
        seenCells.add(cell)
        groups.get(key)!.placements.push(placement)
        placementsCount++
      }
    }
  }
  onProgress?.({ phase: 'validate', done: total, total })
  const list = [...groups.values()]
  const update = list.filter((g) => g.id && look.existing.has(g.id)).length
  const summary: ImportSummary = {
    rows: records.length,
    touchpoints: list.length,
    create: list.length - update,
    update,
    placements: placementsCount,
    columns: columns.filter((c): c is CsvColumn => c !== null),
    preview,
  }
  errors.sort((a, b) => a.line - b.line)
  return { errors, summary, groups: list }
}

/**
 * Checks a CSV file and, with `commit`, writes it: all or nothing. The
 * Touchpoints page calls it twice (a dry run that shows the errors or what
 * would change, then the commit).
 */
export async function importTouchpoints(ctx: MemberContext, csv: string, opts: { commit: boolean; onProgress?: (p: ImportProgress) => void }): Promise<ImportResult> {
  assertCan(ctx, 'maps.edit')
  const { errors, summary, groups } = await validate(ctx, csv, opts.onProgress)
  if (errors.length || !summary) return { ok: false, errors: errors.slice(0, MAX_ERRORS), moreErrors: Math.max(0, errors.length - MAX_ERRORS), summary }
  if (!opts.commit) return { ok: true, committed: false, summary }

  const steps = 1 + new Set(groups.flatMap((g) => g.placements.map((p) => p.mapId))).size
  let step = 0
  opts.onProgress?.({ phase: 'write', done: step, total: steps })
  const ids = new Map<string, string>()
  const catalog = await withDocument(ctx.workspaceId, catalogDocName(ctx.workspaceId), (d: Y.Doc) => {
    const all = touchpointsOf(d)
    for (const g of groups) {
      if (g.id && all.has(g.id)) {
        updateTouchpoint(d, g.id, g.fields, ctx.userId)
        ids.set(g.key, g.id)
      } else ids.set(g.key, addTouchpoint(d, g.fields, ctx.userId))
    }
    return d
  })
  opts.onProgress?.({ phase: 'write', done: ++step, total: steps })
  await projectCatalog(ctx.workspaceId, catalog)

  const perMap = new Map<string, { touchpointId: string; stageId: string; segmentId: string }[]>()
  for (const g of groups) for (const p of g.placements) perMap.set(p.mapId, [...(perMap.get(p.mapId) ?? []), { touchpointId: ids.get(g.key)!, stageId: p.stageId, segmentId: p.segmentId }])
  for (const [mapId, list] of perMap) {
    const doc = await withDocument(ctx.workspaceId, mapDocName(ctx.workspaceId, mapId), (d: Y.Doc) => {
      const there = new Set<string>()
      placementsOf(d).forEach((y) => there.add(`${String(y.get('touchpointId'))}|${String(y.get('stageId'))}|${String(y.get('segmentId'))}`))
      for (const p of list) {
        const cell = `${p.touchpointId}|${p.stageId}|${p.segmentId}`
        // A stage or segment removed since the check is skipped; a touchpoint already in that cell is not placed twice.
        if (there.has(cell) || !stagesOf(d).has(p.stageId) || !segmentsOf(d).has(p.segmentId)) continue
        there.add(cell)
        placeTouchpoint(d, p)
      }
      return d
    })
    await projectMap(ctx.workspaceId, mapId, doc)
    opts.onProgress?.({ phase: 'write', done: ++step, total: steps })
  }
  return { ok: true, committed: true, summary }
}
