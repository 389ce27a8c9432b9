import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulkRestore, bulkRetire, bulkSetDepartment } from '@/lib/catalog/bulk'
import { CSV_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '@/lib/catalog/columns'
import { parseCsv } from '@/lib/catalog/csv'
import { exportCatalogCsv } from '@/lib/catalog/export'
import { importTouchpoints } from '@/lib/catalog/import'
import { catalogFacets, catalogQuerySchema, queryCatalog, type CatalogQueryInput } from '@/lib/catalog/query'
import { createDepartment } from '@/lib/departments/departments'
import { addTouchpoint, catalogDocName, listTouchpoints, mapDocName, placeTouchpoint, readMap } from '@/lib/maps/doc-schema'
import { createMap, getMap } from '@/lib/maps/maps'
import type { TouchpointFields } from '@/lib/maps/model'
import type { Projector } from '@/lib/maps/projector'
import { withDocument } from '@/lib/documents/live-documents'
import { addMember, ctxOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

let projector: Projector
let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
  ;({ projector } = env)
})
afterAll(async () => {
  await env?.close()
})

type Ctx = Awaited<ReturnType<typeof ctxOf>>
const q = (input: CatalogQueryInput = {}) => catalogQuerySchema.parse(input)
const names = async (ctx: Ctx, input: CatalogQueryInput = {}) => (await queryCatalog(ctx, q(input))).rows.map((r) => r.name)

async function seed(ctx: Ctx, list: Array<Partial<TouchpointFields> & { name: string }>): Promise<string[]> {
  const ids = await withDocument(ctx.workspaceId, catalogDocName(ctx.workspaceId), (d) => list.map((f) => addTouchpoint(d, f, ctx.userId)))
  await projector.idle()
  await new Promise((r) => setTimeout(r, 200))
  await projector.idle()
  return ids
}

async function catalogOf(workspaceId: string) {
  return withDocument(workspaceId, catalogDocName(workspaceId), (d) => listTouchpoints(d))
}

describe('the catalog: search, filters, sorting, pages', () => {
  let ctx: Ctx
  let ids: string[]
  let mapId: string
  beforeAll(async () => {
    const { ws, editor } = await teamWorkspace('Query Co')
    ctx = await ctxOf(editor.id, ws.id)
    ids = await seed(ctx, [
      { name: 'Invoice email', kind: 'communication', ownership: 'owned', channel: 'Email', description: 'Monthly invoice sent after purchase' },
      { name: 'Sales rep visit', kind: 'human', ownership: 'owned', channel: 'Field sales', ownerUserId: editor.id },
      { name: 'Store entrance', kind: 'physical', ownership: 'owned', control: 'direct', channel: 'Store' },
      { name: 'Review portal', kind: 'communication', ownership: 'earned', control: 'indirect', channel: 'Web' },
      { name: 'Radio ad', kind: 'sensory', ownership: 'paid', channel: 'Radio', status: 'retired' },
    ])
    const map = await createMap(ctx, { name: 'Lifecycle', template: 'lifecycle', segments: [{ name: 'Young families', goal: 'grow' }] })
    mapId = map.id
    await withDocument(ctx.workspaceId, mapDocName(ctx.workspaceId, mapId), (d) => {
      const m = readMap(d)
      placeTouchpoint(d, { touchpointId: ids[0]!, stageId: m.stages[5]!.id, segmentId: m.segments[0]!.id })
      placeTouchpoint(d, { touchpointId: ids[2]!, stageId: m.stages[3]!.id, segmentId: m.segments[0]!.id })
    })
    await new Promise((r) => setTimeout(r, 250))
    await projector.idle()
  })

  it('sorts by name, kind, channel, owner and updated, both ways', async () => {
    expect(await names(ctx)).toEqual(['Invoice email', 'Radio ad', 'Review portal', 'Sales rep visit', 'Store entrance'])
    expect(await names(ctx, { sort: 'name', dir: 'desc' })).toEqual(['Store entrance', 'Sales rep visit', 'Review portal', 'Radio ad', 'Invoice email'])
    expect((await names(ctx, { sort: 'kind' }))[0]).toBe('Invoice email')
    expect((await names(ctx, { sort: 'kind', dir: 'desc' }))[0]).toBe('Radio ad')
    expect(await names(ctx, { sort: 'channel' })).toEqual(['Invoice email', 'Sales rep visit', 'Radio ad', 'Store entrance', 'Review portal'])
    expect((await names(ctx, { sort: 'owner' }))[0]).toBe('Sales rep visit')
    expect((await queryCatalog(ctx, q({ sort: 'updated', dir: 'desc' }))).rows).toHaveLength(5)
  })

  it('searches full text with prefixes, and short queries by substring', async () => {
    expect(await names(ctx, { q: 'invoice' })).toEqual(['Invoice email'])
    expect(await names(ctx, { q: 'purch' })).toEqual(['Invoice email']) // a word of the description, by prefix
    expect(await names(ctx, { q: 'sto ent' })).toEqual(['Store entrance'])
    expect(await names(ctx, { q: 're' })).toEqual(['Review portal', 'Sales rep visit', 'Store entrance']) // substring of name or channel
    expect(await names(ctx, { q: "'; drop table touchpoints; --" })).toEqual([])
    expect(await names(ctx, { q: '100%' })).toEqual([])
  })

  it('filters by kind, ownership, control, channel, status, owner, map, stage and segment', async () => {
    expect(await names(ctx, { kind: 'communication,sensory' })).toEqual(['Invoice email', 'Radio ad', 'Review portal'])
    expect(await names(ctx, { ownership: 'earned' })).toEqual(['Review portal'])
    expect(await names(ctx, { control: 'indirect' })).toEqual(['Review portal'])
    expect(await names(ctx, { channel: 'store' })).toEqual(['Store entrance'])
    expect(await names(ctx, { status: 'retired' })).toEqual(['Radio ad'])
    expect(await names(ctx, { owner: ctx.userId })).toEqual(['Sales rep visit'])
    expect((await names(ctx, { owner: 'none' })).length).toBe(4)
    expect(await names(ctx, { map: mapId })).toEqual(['Invoice email', 'Store entrance'])
    expect(await names(ctx, { stage: 'loyalty' })).toEqual(['Invoice email'])
    expect(await names(ctx, { map: mapId, segment: 'Young families', stage: 'Selection / trial' })).toEqual(['Store entrance'])
    expect(await names(ctx, { kind: 'physical', q: 'radio' })).toEqual([])
    const page = await queryCatalog(ctx, q({ limit: 2, offset: 2 }))
    expect(page).toMatchObject({ total: 5, offset: 2 })
    expect(page.rows.map((r) => r.name)).toEqual(['Review portal', 'Sales rep visit'])
    expect((await queryCatalog(ctx, q({ map: mapId }))).rows[0]).toMatchObject({ placements: 1 })
    const facets = await catalogFacets(ctx)
    expect(facets.maps[0]).toMatchObject({ name: 'Lifecycle', segments: ['Young families'] })
    expect(facets.channels).toContain('Email')
    expect(facets.total).toBe(5)
  })

  it('refuses bad query parameters', () => {
    expect(catalogQuerySchema.safeParse({ kind: 'robot' }).success).toBe(false)
    expect(catalogQuerySchema.safeParse({ sort: 'drop' }).success).toBe(false)
    expect(catalogQuerySchema.safeParse({ limit: '5000' }).success).toBe(false)
  })
})

describe('bulk actions', () => {
  it('sets the department, retires and restores through the catalog document; viewers cannot', async () => {
    const { ws, owner, manager, editor, viewer } = await teamWorkspace('Bulk Co')
    const ctx = await ctxOf(editor.id, ws.id)
    const ids = await seed(ctx, [{ name: 'A' }, { name: 'B' }, { name: 'C' }])
    const dept = await createDepartment(await ctxOf(owner.id, ws.id), 'Customer service')
    // Owners are set by managers and up ('touchpoints.assign'); editors retire and restore.
    await expect(bulkSetDepartment(ctx, [ids[0]!], dept.id)).rejects.toMatchObject({ status: 403 })
    const mctx = await ctxOf(manager.id, ws.id)
    expect(await bulkSetDepartment(mctx, [ids[0]!, ids[1]!, 'no-such-id'], dept.id)).toEqual({ updated: 2 })
    expect(await names(ctx, { department: dept.id })).toEqual(['A', 'B'])
    expect(await bulkRetire(ctx, [ids[1]!, ids[2]!])).toEqual({ updated: 2 })
    expect(await names(ctx, { status: 'retired' })).toEqual(['B', 'C'])
    expect(await bulkRestore(ctx, [ids[2]!])).toEqual({ updated: 1 })
    expect(await names(ctx, { status: 'active' })).toEqual(['A', 'C'])
    const doc = await catalogOf(ws.id)
    expect(doc.find((x) => x.id === ids[1])).toMatchObject({ status: 'retired', ownerDepartmentId: dept.id, updatedBy: editor.id })
    await expect(bulkSetDepartment(mctx, [ids[0]!], '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 422 })
    const v = await ctxOf(viewer.id, ws.id)
    await expect(bulkRetire(v, [ids[0]!])).rejects.toMatchObject({ status: 403 })
    expect(await names(ctx, { status: 'retired' })).toEqual(['B'])
  })
})

describe('CSV', () => {
  it('parses RFC 4180: quotes, escaped quotes, line breaks in quotes, CRLF, BOM', () => {
    const p = parseCsv('\uFEFFname,description\r\n"Invoice, email","She said ""hi""\r\nand left"\r\n\r\nPlain,x\n')
    expect(p.error).toBeUndefined()
    expect(p.records).toEqual([
      { line: 1, cells: ['name', 'description'] },
      { line: 2, cells: ['Invoice, email', 'She said "hi"\r\nand left'] },
      { line: 5, cells: ['Plain', 'x'] },
    ])
    expect(parseCsv('a\n"open').error).toEqual({ line: 2, reason: expect.stringContaining('not closed') })
    expect(parseCsv('a\n"x"y').error).toMatchObject({ line: 2 })
    expect(parseCsv('a\n1\n2\n3', { maxRecords: 2 }).truncated).toBe(true)
  })
})

describe('CSV import', () => {
  it('writes nothing when one row is bad, and names its line and column', async () => {
    const { ws, editor } = await teamWorkspace('Import Co')
    const ctx = await ctxOf(editor.id, ws.id)
    const csv = ['name,kind,channel,onsitePage', 'Website,communication,Web,yes', 'Call centre,robot,Phone,no', `${'x'.repeat(121)},human,,`, 'Shop,physical,Store,maybe'].join('\n')
    const r = await importTouchpoints(ctx, csv, { commit: true })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([
      { line: 3, column: 'kind', reason: expect.stringContaining('communication, human, physical, sensory') },
      { line: 4, column: 'name', reason: expect.stringContaining('120') },
      { line: 5, column: 'onsitePage', reason: expect.stringContaining('maybe') },
    ])
    expect(await catalogOf(ws.id)).toEqual([])
    expect((await queryCatalog(ctx, q())).total).toBe(0)
  })

  it('lets only assigners set owners by import; a file without owner columns keeps the owners; an editor may re-import an unchanged export', async () => {
    const { ws, manager, editor } = await teamWorkspace('Import Owners')
    const mctx = await ctxOf(manager.id, ws.id)
    const ectx = await ctxOf(editor.id, ws.id)
    const sales = await createDepartment(mctx, 'Customer care')
    const [website] = await seed(mctx, [{ name: 'Website', ownerUserId: manager.id, ownerDepartmentId: sales.id }])
    // An editor cannot take ownership of a new or an existing touchpoint through a file.
    const taken = await importTouchpoints(ectx, `name,owner\nNew one,${editor.email}\n`, { commit: true })
    expect(taken.ok).toBe(false)
    if (!taken.ok) expect(taken.errors).toEqual([{ line: 2, column: 'owner', reason: expect.stringContaining('Only managers and admins assign owners') }])
    const cleared = await importTouchpoints(ectx, `id,name,owner,department\n${website},Website,,\n`, { commit: true })
    expect(cleared.ok).toBe(false)
    if (!cleared.ok) expect(cleared.errors.map((e) => e.column)).toEqual(['owner', 'department'])
    // The editor's unchanged export goes back in; a file without the owner columns keeps the owners.
    expect((await importTouchpoints(ectx, await exportCatalogCsv(ectx), { commit: true })).ok).toBe(true)
    expect((await importTouchpoints(ectx, `id,name,channel\n${website},Website,Web\n`, { commit: true })).ok).toBe(true)
    await projector.idle()
    const tp = (await catalogOf(ws.id)).find((t) => t.id === website)!
    expect(tp).toMatchObject({ channel: 'Web', ownerUserId: manager.id, ownerDepartmentId: sales.id })
    // A manager may change them.
    expect((await importTouchpoints(mctx, `id,name,owner,department\n${website},Website,${editor.email},\n`, { commit: true })).ok).toBe(true)
    expect((await catalogOf(ws.id)).find((t) => t.id === website)).toMatchObject({ ownerUserId: editor.id, ownerDepartmentId: null })
  })

  it('reports an unknown column instead of dropping it, and refuses placements on unknown maps, stages or segments', async () => {
    const { ws, editor } = await teamWorkspace('Columns Co')
    const ctx = await ctxOf(editor.id, ws.id)
    await createMap(ctx, { name: 'Purchase', template: 'purchase', segments: [{ name: 'Online shoppers', goal: 'win' }] })
    const unknown = await importTouchpoints(ctx, 'name,colour\nWebsite,blue\n', { commit: true })
    expect(unknown).toMatchObject({ ok: false, errors: [{ line: 1, column: 'colour', reason: expect.stringContaining('Unknown column') }] })
    const placed = await importTouchpoints(
      ctx,
      'name,map,stage,segment\nA,Nope,Before purchase,Online shoppers\nB,Purchase,Later,Online shoppers\nC,Purchase,Before purchase,\nD,Purchase,Before purchase,Online shoppers\n',
      { commit: true },
    )
    expect(placed.ok).toBe(false)
    if (placed.ok) return
    expect(placed.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'map'],
      [3, 'stage'],
      [4, 'segment'],
    ])
    expect(await catalogOf(ws.id)).toEqual([])
    const nameless = await importTouchpoints(ctx, 'kind\nhuman\n', { commit: false })
    expect(nameless).toMatchObject({ ok: false, errors: [{ line: 1, column: 'name' }] })
    const ragged = await importTouchpoints(ctx, 'name,kind\nA\n', { commit: false })
    expect(ragged).toMatchObject({ ok: false, errors: [{ line: 2, reason: expect.stringContaining('1 cells') }] })
  })

  it(`refuses a file over 10 MB or ${MAX_IMPORT_ROWS} rows with a clear message`, async () => {
    const { ws, editor } = await teamWorkspace('Big Co')
    const ctx = await ctxOf(editor.id, ws.id)
    const rows = 'name\n' + 'Touchpoint\n'.repeat(MAX_IMPORT_ROWS + 1)
    const many = await importTouchpoints(ctx, rows, { commit: true })
    expect(many).toMatchObject({ ok: false, errors: [{ reason: expect.stringContaining('more than 50,000 rows') }] })
    const big = await importTouchpoints(ctx, 'name,description\n' + `A,${'x'.repeat(MAX_IMPORT_BYTES)}\n`, { commit: true })
    expect(big).toMatchObject({ ok: false, errors: [{ reason: expect.stringContaining('larger than 10 MB') }] })
    expect(await catalogOf(ws.id)).toEqual([])
  })

  it('checks without writing (dry run), previews the first rows, then commits in one change with progress', async () => {
    const { ws, editor } = await teamWorkspace('Dry Co')
    const ctx = await ctxOf(editor.id, ws.id)
    const csv = 'Name,Kind,Supporting processes\nWebsite,communication,"CMS, publishing"\nStore,physical,\n'
    const dry = await importTouchpoints(ctx, csv, { commit: false })
    expect(dry).toMatchObject({ ok: true, committed: false, summary: { rows: 2, create: 2, update: 0, preview: [{ line: 2, values: { name: 'Website' } }, { line: 3 }] } })
    expect(await catalogOf(ws.id)).toEqual([])
    const phases: string[] = []
    const done = await importTouchpoints(ctx, csv, { commit: true, onProgress: (p) => phases.push(p.phase) })
    expect(done).toMatchObject({ ok: true, committed: true })
    expect(phases).toContain('validate')
    expect(phases).toContain('write')
    expect((await catalogOf(ws.id)).map((x) => [x.name, x.supportingProcesses]).sort()).toEqual([
      ['Store', ''],
      ['Website', 'CMS, publishing'],
    ])
    expect(await names(ctx)).toEqual(['Store', 'Website'])
  })
})

describe('round trip', () => {
  it('exports a catalog and its placements, imports them into a fresh workspace with the same map, and gets the same catalog and placements', async () => {
    const a = await teamWorkspace('Source Co')
    const ctxA = await ctxOf(a.editor.id, a.ws.id)
    const deptA = await createDepartment(await ctxOf(a.owner.id, a.ws.id), 'Brand studio')
    const segments = [
      { name: 'Young families', goal: 'grow' as const },
      { name: 'Business buyers', goal: 'win' as const },
    ]
    const mapA = await createMap(ctxA, { name: 'Customer lifecycle', template: 'lifecycle', segments })
    const ids = await seed(ctxA, [
      {
        name: 'Invoice email',
        channel: 'Email',
        description: 'Sent with "every" order,\nincluding returns',
        promises: '=1+1 is not a formula',
        onsitePage: false,
        ownerDepartmentId: deptA.id,
        ownerUserId: a.editor.id,
      },
      { name: 'Checkout page', kind: 'communication', channel: 'Web', onsitePage: true, optimalExperience: 'Fast, clear, no surprises' },
      { name: 'Sales rep', kind: 'human', ownership: 'owned', control: 'direct', peopleMet: 'Account manager', status: 'retired' },
      { name: 'Word of mouth', kind: 'human', ownership: 'earned', control: 'indirect' },
    ])
    await withDocument(a.ws.id, mapDocName(a.ws.id, mapA.id), (d) => {
      const m = readMap(d)
      placeTouchpoint(d, { touchpointId: ids[0]!, stageId: m.stages[4]!.id, segmentId: m.segments[0]!.id })
      placeTouchpoint(d, { touchpointId: ids[0]!, stageId: m.stages[4]!.id, segmentId: m.segments[1]!.id })
      placeTouchpoint(d, { touchpointId: ids[1]!, stageId: m.stages[3]!.id, segmentId: m.segments[0]!.id })
      placeTouchpoint(d, { touchpointId: ids[2]!, stageId: m.stages[1]!.id, segmentId: m.segments[1]!.id })
    })
    await new Promise((r) => setTimeout(r, 250))
    await projector.idle()
    const csv = await exportCatalogCsv(ctxA)
    const header = parseCsv(csv).records[0]!.cells
    expect(header).toEqual([...CSV_COLUMNS])

    const b = await teamWorkspace('Target Co')
    await addMember(b.ws.id, a.editor.id, 'editor')
    const ctxB = await ctxOf(b.editor.id, b.ws.id)
    await createDepartment(await ctxOf(b.owner.id, b.ws.id), 'Brand studio')
    const mapB = await createMap(ctxB, { name: 'Customer lifecycle', template: 'lifecycle', segments })
    // Owners come along, so a manager imports (an editor may not assign owners).
    const importer = await ctxOf(b.manager.id, b.ws.id)
    const r = await importTouchpoints(importer, csv, { commit: true })
    expect(r).toMatchObject({ ok: true, committed: true, summary: { touchpoints: 4, create: 4, placements: 4 } })

    const strip = (list: Awaited<ReturnType<typeof catalogOf>>, deptId: string) =>
      list
        .map(({ id: _id, createdAt: _c, updatedAt: _u, updatedBy: _b, ...rest }) => ({ ...rest, ownerDepartmentId: rest.ownerDepartmentId === deptId ? 'Brand studio' : rest.ownerDepartmentId }))
        .sort((x, y) => x.name.localeCompare(y.name))
    const deptB = (await catalogOf(b.ws.id)).find((x) => x.name === 'Invoice email')!.ownerDepartmentId!
    expect(strip(await catalogOf(b.ws.id), deptB)).toEqual(strip(await catalogOf(a.ws.id), deptA.id))

    const cells = async (ctx: Ctx, mapId: string) => {
      const m = await getMap(ctx, mapId)
      const stage = new Map(m.stages.map((s) => [s.id, s.name]))
      const seg = new Map(m.segments.map((s) => [s.id, s.name]))
      return m.placements.map((p) => `${p.touchpoint.name} @ ${stage.get(p.stageId)} / ${seg.get(p.segmentId)}`).sort()
    }
    // getMap shows active touchpoints; the retired one's placement is checked in the document.
    expect(await cells(ctxB, mapB.id)).toEqual(await cells(ctxA, mapA.id))
    const docCells = async (wsId: string, mapId: string) =>
      withDocument(wsId, mapDocName(wsId, mapId), (d) => {
        const m = readMap(d)
        return m.placements.length
      })
    expect(await docCells(b.ws.id, mapB.id)).toBe(4)
    // And exporting B gives the same file, but for the ids.
    const again = await exportCatalogCsv(ctxB)
    const noId = (s: string) => parseCsv(s).records.map((r) => r.cells.slice(1).join('|')).sort()
    expect(noId(again)).toEqual(noId(csv))
    // Re-importing B's own export changes nothing (ids match, placements already there).
    const re = await importTouchpoints(importer, again, { commit: true })
    expect(re).toMatchObject({ ok: true, summary: { create: 0, update: 4 } })
    expect(await docCells(b.ws.id, mapB.id)).toBe(4)
  })
})
