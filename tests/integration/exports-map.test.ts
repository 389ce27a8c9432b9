/**
 * Map exports: CSV, JSON, PDF and SVG through their route handlers, with the
 * membership check (viewers may export; another workspace's map is 404), and
 * the PDF parsed back (structure, xref, pages, text in WinAnsi).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { inflateSync } from 'node:zlib'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CurrentSession } from '@/lib/auth/current-session'
import { config } from '@/lib/config'
import { parseCsv, uncsvCell } from '@/lib/catalog/csv'
import { importTouchpoints } from '@/lib/catalog/import'
import { MAP_CSV_COLUMNS, csvField, type mapToJson } from '@/lib/exports/csv-json'
import { printable } from '@/lib/exports/helvetica'
import { loadMapExport, type ExportTouchpoint } from '@/lib/exports/map-export'
import { mapToPdf } from '@/lib/exports/pdf'
import { mapToSvg } from '@/lib/exports/svg'
import { addSegment, addStage, addTouchpoint, catalogDocName, mapDocName, placeTouchpoint, readMap } from '@/lib/maps/doc-schema'
import { createMap, getMap } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { withDocument } from '@/lib/documents/live-documents'
import { ctxOf, makeUser, sessionOf, teamWorkspace, uniqueEmail } from '../support/fixtures'
import { startRealtimeServer, type TestServer } from '../support/realtime'
import { openTestDatabase, type TestDb } from '../support/test-db'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

const ROUTES = {
  csv: () => import('@/app/api/workspaces/[workspaceId]/maps/[mapId]/export/csv/route'),
  json: () => import('@/app/api/workspaces/[workspaceId]/maps/[mapId]/export/json/route'),
  pdf: () => import('@/app/api/workspaces/[workspaceId]/maps/[mapId]/export/pdf/route'),
  svg: () => import('@/app/api/workspaces/[workspaceId]/maps/[mapId]/export/svg/route'),
}
type Format = keyof typeof ROUTES

async function get(format: Format, workspaceId: string, mapId: string): Promise<Response> {
  const { GET } = await ROUTES[format]()
  const url = `${config().appUrl}/api/workspaces/${workspaceId}/maps/${mapId}/export/${format}`
  return GET(new NextRequest(url), { params: Promise.resolve({ workspaceId, mapId }) })
}

let t: TestDb
let rt: TestServer
let team: Awaited<ReturnType<typeof teamWorkspace>>
let other: Awaited<ReturnType<typeof teamWorkspace>>
let mapId: string
let otherMapId: string
let bigMapId: string

const TRICKY = 'Café (Müller) \\ "quoted", =SUM(A1) – €5 ✓'

beforeAll(async () => {
  t = await openTestDatabase()
  rt = await startRealtimeServer()
  team = await teamWorkspace('Export Co')
  other = await teamWorkspace('Other Co')
  const ws = team.ws.id
  const ctx = await ctxOf(team.editor.id, ws)

  const ids: Record<string, string> = {}
  const catalog = await withDocument(ws, catalogDocName(ws), (d) => {
    ids.invoice = addTouchpoint(d, { name: 'Invoice email', kind: 'communication', channel: 'Email', desiredOutcome: 'Paid on time', supportingProcesses: 'Invoicing\nDunning' }, team.editor.id)
    ids.store = addTouchpoint(d, { name: 'Flagship store', kind: 'physical', channel: 'Store', onsitePage: false }, team.editor.id)
    ids.tricky = addTouchpoint(d, { name: TRICKY, kind: 'human', ownership: 'earned', control: 'indirect', description: 'Line one\nline two, with "quotes"' }, team.editor.id)
    ids.retired = addTouchpoint(d, { name: 'Old fax line', kind: 'communication', status: 'retired' }, team.editor.id)
    for (let i = 0; i < 70; i++) ids[`bulk${i}`] = addTouchpoint(d, { name: `Bulk touchpoint number ${i} with a rather long name that wraps`, kind: 'sensory' }, team.editor.id)
    return d
  })
  await projectCatalog(ws, catalog)

  const m = await createMap(ctx, { name: 'Online shopping', template: 'purchase', segments: [{ name: 'Online shoppers', goal: 'grow', priority: 1, profile: 'Buy on phones' }, { name: 'Business buyers', goal: 'win', priority: 2 }] })
  mapId = m.id
  const doc = await withDocument(ws, m.doc, (d) => {
    const { stages, segments } = readMap(d)
    placeTouchpoint(d, { touchpointId: ids.invoice!, stageId: stages[1]!.id, segmentId: segments[0]!.id })
    placeTouchpoint(d, { touchpointId: ids.tricky!, stageId: stages[1]!.id, segmentId: segments[0]!.id })
    placeTouchpoint(d, { touchpointId: ids.store!, stageId: stages[0]!.id, segmentId: segments[1]!.id })
    placeTouchpoint(d, { touchpointId: ids.invoice!, stageId: stages[2]!.id, segmentId: segments[1]!.id })
    placeTouchpoint(d, { touchpointId: ids.retired!, stageId: stages[2]!.id, segmentId: segments[1]!.id })
    return d
  })
  await projectMap(ws, mapId, doc)

  // A map too large for one page: ten stages and seventy cards in one cell.
  const big = await createMap(ctx, { name: 'Everything', template: 'lifecycle', segments: [{ name: 'All customers' }] })
  bigMapId = big.id
  const bigDoc = await withDocument(ws, mapDocName(ws, big.id), (d) => {
    for (let i = 0; i < 3; i++) addStage(d, { name: `Extra stage ${i + 1}` })
    addSegment(d, { name: 'Second segment' })
    const { stages, segments } = readMap(d)
    for (let i = 0; i < 70; i++) placeTouchpoint(d, { touchpointId: ids[`bulk${i}`]!, stageId: stages[i % 2]!.id, segmentId: segments[0]!.id })
    placeTouchpoint(d, { touchpointId: ids.invoice!, stageId: stages[9]!.id, segmentId: segments[1]!.id })
    return d
  })
  await projectMap(ws, big.id, bigDoc)

  const o = await createMap(await ctxOf(other.owner.id, other.ws.id), { name: 'Secret map', template: 'retail' })
  otherMapId = o.id
})
afterAll(async () => {
  await rt?.close()
  await t?.drop()
})

/** One real exported touchpoint, as a template for synthetic maps. */
async function getTouchpointTemplate(): Promise<ExportTouchpoint> {
  const m = await loadMapExport(await ctxOf(team.editor.id, team.ws.id), mapId)
  return m.placements[0]!.touchpoint
}

// ---- a minimal PDF reader ------------------------------------------------

const CP1252: Record<number, number> = { 0x80: 0x20ac, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x96: 0x2013, 0x97: 0x2014, 0x85: 0x2026 }
function unescapePdf(s: string): string {
  const bytes: number[] = []
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') bytes.push(s.charCodeAt(i))
    else if (/[0-7]/.test(s[i + 1]!)) {
      bytes.push(parseInt(s.slice(i + 1, i + 4), 8))
      i += 3
    } else bytes.push(s.charCodeAt(++i))
  }
  return String.fromCodePoint(...bytes.map((b) => CP1252[b] ?? b))
}

function readPdf(buf: Buffer) {
  const text = buf.toString('latin1')
  expect(text.startsWith('%PDF-1.')).toBe(true)
  expect(text.trimEnd().endsWith('%%EOF')).toBe(true)
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1])
  expect(text.slice(startxref, startxref + 4)).toBe('xref')
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!
  expect(first).toBe('0')
  const entries = text.slice(startxref).split('\n').slice(3, 2 + Number(count))
  entries.forEach((e, i) => {
    const offset = Number(e.slice(0, 10))
    expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`)
  })
  const pages = Number(/\/Type \/Pages \/Kids \[[^\]]*\] \/Count (\d+)/.exec(text)![1])
  const mediaBoxes = [...text.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])])
  const streams: string[] = []
  const re = /<< \/Length (\d+) \/Filter \/FlateDecode >>\nstream\n/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length
    streams.push(inflateSync(buf.subarray(start, start + Number(m[1]))).toString('latin1'))
  }
  const pageTexts = streams.map((s) => [...s.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)].map((m) => unescapePdf(m[1]!)))
  return { pages, mediaBoxes, streams, pageTexts, all: pageTexts.flat(), fonts: [...text.matchAll(/\/BaseFont \/([\w-]+) \/Encoding \/(\w+)/g)].map((m) => `${m[1]}/${m[2]}`) }
}

describe('map exports', () => {
  it('CSV: one row per placed card, in the catalog import’s columns, with map, stage and segment, in map order, safely quoted', async () => {
    who.session = sessionOf(team.viewer)
    const res = await get('csv', team.ws.id, mapId)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="online-shopping-\d{4}-\d\d-\d\d\.csv"/)
    const bytes = Buffer.from(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // UTF-8 byte-order mark, for spreadsheets
    const body = bytes.subarray(3).toString('utf8')
    const lines = body.split('\r\n').filter(Boolean)
    expect(lines[0]).toBe(MAP_CSV_COLUMNS.join(','))
    expect(lines).toHaveLength(1 + 4)
    // The retired touchpoint left the map; the invoice email stands in two cells. Rows in map order: segment, stage, position.
    const { records } = parseCsv(body)
    const rows = records.slice(1).map((r) => Object.fromEntries(MAP_CSV_COLUMNS.map((c, i) => [c, r.cells[i]])))
    expect(rows.map((r) => [r.segment, r.stage, r.name])).toEqual([
      ['Online shoppers', 'During purchase', 'Invoice email'],
      ['Online shoppers', 'During purchase', TRICKY],
      ['Business buyers', 'Before purchase', 'Flagship store'],
      ['Business buyers', 'After purchase', 'Invoice email'],
    ])
    expect(rows.every((r) => r.map === 'Online shopping')).toBe(true)
    expect(rows[0]).toMatchObject({ kind: 'communication', ownership: 'owned', control: 'direct', channel: 'Email', onsitePage: 'no', status: 'active', supportingProcesses: 'Invoicing\nDunning', desiredOutcome: 'Paid on time' })
    expect(rows[1]).toMatchObject({ ownership: 'earned', control: 'indirect', description: 'Line one\nline two, with "quotes"' })
    expect(rows[0]!.id).toBe(rows[3]!.id)
    // Quotes doubled, commas quoted.
    expect(lines[2]).toContain(`"${TRICKY.replace(/"/g, '""')}"`)
    expect(body).not.toContain('Old fax line')
  })

  it('CSV: a cell that starts like a formula is defused', async () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(uncsvCell("'=HYPERLINK(\"x\")")).toBe('=HYPERLINK("x")')
    expect(csvField('+1')).toBe("'+1")
    expect(csvField('-')).toBe("'-")
    expect(csvField('@me')).toBe("'@me")
    expect(csvField('plain')).toBe('plain')
  })

  it('JSON: the map, stages with weights, segments with profile, goal and priority, placements with touchpoint details', async () => {
    who.session = sessionOf(team.editor)
    const res = await get('json', team.ws.id, mapId)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/filename="online-shopping-[\d-]+\.json"/)
    const j = (await res.json()) as {
      format: string
      map: { id: string; name: string; template: string }
      stages: { id: string; name: string; weight: number; position: number }[]
      segments: { id: string; name: string; profile: string; goal: string; priority: number }[]
      placements: { stageId: string; segmentId: string; position: number; touchpoint: Record<string, unknown> }[]
    }
    expect(j.format).toBe('touchmap.map')
    expect(j.map).toEqual({ id: mapId, name: 'Online shopping', template: 'purchase' })
    expect(j.stages.map((s) => [s.name, s.weight, s.position])).toEqual([
      ['Before purchase', 3, 0],
      ['During purchase', 3, 1],
      ['After purchase', 3, 2],
    ])
    expect(j.segments).toEqual([
      expect.objectContaining({ name: 'Online shoppers', profile: 'Buy on phones', goal: 'grow', priority: 1 }),
      expect.objectContaining({ name: 'Business buyers', goal: 'win', priority: 2 }),
    ])
    expect(j.placements).toHaveLength(4)
    const during = j.placements.filter((p) => p.stageId === j.stages[1]!.id)
    expect(during.map((p) => [p.position, p.touchpoint.name])).toEqual([
      [0, 'Invoice email'],
      [1, TRICKY],
    ])
    expect(during[0]!.touchpoint).toMatchObject({ kind: 'communication', channel: 'Email', desiredOutcome: 'Paid on time', supportingProcesses: 'Invoicing\nDunning', onsitePage: false, status: 'active' })
    expect(during[1]!.touchpoint).toMatchObject({ ownership: 'earned', control: 'indirect', description: 'Line one\nline two, with "quotes"' })
  })

  it('PDF: a vector PDF with the standard Helvetica fonts, title, date, stage and segment headers and every card name', async () => {
    who.session = sessionOf(team.viewer)
    const res = await get('pdf', team.ws.id, mapId)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toMatch(/filename="online-shopping-[\d-]+\.pdf"/)
    const pdf = readPdf(Buffer.from(await res.arrayBuffer()))
    expect(pdf.pages).toBe(1)
    expect(pdf.mediaBoxes).toEqual([[841.89, 595.28]]) // A4 landscape for three stages
    expect(pdf.fonts).toEqual(['Helvetica/WinAnsiEncoding', 'Helvetica-Bold/WinAnsiEncoding'])
    expect(pdf.all[0]).toBe('Online shopping')
    expect(pdf.all.join(' ')).toMatch(new RegExp(`exported ${new Date().toISOString().slice(0, 10)}`))
    for (const s of ['Before purchase', 'During purchase', 'After purchase', 'Online shoppers', 'Business buyers', 'Invoice email', 'Flagship store']) expect(pdf.all).toContain(s)
    // The tricky name survives WinAnsi: parentheses and backslash escaped, accents and the euro sign kept, the check mark (not in WinAnsi) as "?".
    const lines = pdf.all.join(' ')
    expect(lines).toContain('Café (Müller) \\ "quoted",')
    expect(lines).toContain('€5 ?')
    expect(printable(TRICKY)).toBe('Café (Müller) \\ "quoted", =SUM(A1) – €5 ?')
    expect(lines).not.toContain('Old fax line')
    expect(pdf.streams[0]).toMatch(/ re B Q/)
  })

  it('PDF: a map larger than a page goes on to more pages, repeating the headers', async () => {
    who.session = sessionOf(team.viewer)
    const res = await get('pdf', team.ws.id, bigMapId)
    const buf = Buffer.from(await res.arrayBuffer())
    if (process.env.EXPORT_PREVIEW_DIR) {
      mkdirSync(process.env.EXPORT_PREVIEW_DIR, { recursive: true })
      writeFileSync(path.join(process.env.EXPORT_PREVIEW_DIR, 'everything.pdf'), buf)
    }
    const pdf = readPdf(buf)
    expect(pdf.mediaBoxes[0]).toEqual([1190.55, 841.89]) // A3 landscape
    expect(pdf.pages).toBeGreaterThanOrEqual(3)
    expect(pdf.pageTexts).toHaveLength(pdf.pages)
    for (const [i, texts] of pdf.pageTexts.entries()) {
      expect(texts[0]).toBe('Everything')
      expect(texts).toContain(`Page ${i + 1} of ${pdf.pages}`)
    }
    const names = pdf.all.join(' ')
    for (let i = 0; i < 70; i++) expect(names).toContain(`number ${i} `)
    expect(names).toContain('Extra stage 3')
    expect(names).toContain('(continued)')
    expect(names).toMatch(/Stages 1-\d+ of 10/)
  })

  it('PDF and SVG: a map with no stages or segments, and one with huge text, still make valid files', async () => {
    const base = { map: { id: 'x', name: '', template: 'blank' }, workspace: { id: 'w', name: 'W' }, exportedAt: new Date(), stages: [], segments: [], placements: [] }
    const empty = readPdf(Buffer.from(mapToPdf(base)))
    expect(empty.pages).toBe(1)
    expect(empty.all).toContain('Untitled map')
    expect(empty.all).toContain('This map has no segments yet.')
    expect(mapToSvg(base)).toContain('</svg>')

    const long = 'Supercalifragilisticexpialidocious'.repeat(8)
    const template = await getTouchpointTemplate()
    const huge = {
      ...base,
      map: { id: 'x', name: long, template: 'blank' },
      stages: [{ id: 's', name: long, description: '', weight: 5, position: 0 }],
      segments: [{ id: 'g', name: long, profile: `${long} `.repeat(40), goal: 'prevent_churn', priority: 1, position: 0 }],
      placements: Array.from({ length: 40 }, (_, i) => ({
        id: `p${i}`,
        stageId: 's',
        segmentId: 'g',
        position: i,
        touchpoint: { ...template, id: `t${i}`, name: `${i} ${long}` },
      })),
    }
    const pdf = readPdf(Buffer.from(mapToPdf(huge)))
    expect(pdf.pages).toBeGreaterThanOrEqual(2)
    expect(pdf.all.some((l) => l.endsWith('...'))).toBe(true)
    expect(mapToSvg(huge)).toContain('</svg>')
  })

  it('SVG: the same grid as one image, with text escaped', async () => {
    who.session = sessionOf(team.viewer)
    const res = await get('svg', team.ws.id, mapId)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    expect(res.headers.get('content-security-policy')).toContain('sandbox')
    const svg = await res.text()
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg).toContain('>Online shopping</text>')
    expect(svg).toContain('>Invoice email</text>')
    expect(svg).toContain('Café (Müller) \\ &quot;quoted&quot;,')
    expect(svg).not.toMatch(/<(?!\/?(svg|title|rect|text)\b)/)
  })

  it('round trip: the JSON rebuilds the map and the CSV re-imports its cards into a fresh workspace, cell by cell', async () => {
    who.session = sessionOf(team.viewer)
    const json = (await (await get('json', team.ws.id, mapId)).json()) as ReturnType<typeof mapToJson>
    const csv = Buffer.from(await (await get('csv', team.ws.id, mapId)).arrayBuffer()).toString('utf8')

    const fresh = await teamWorkspace('Fresh Co')
    const ctx = await ctxOf(fresh.editor.id, fresh.ws.id)
    const rebuilt = await createMap(ctx, { name: json.map.name, template: 'blank' })
    const rebuiltDoc = await withDocument(fresh.ws.id, rebuilt.doc, (d) => {
      for (const s of json.stages) addStage(d, { name: s.name, description: s.description, weight: s.weight })
      for (const s of json.segments) addSegment(d, { name: s.name, profile: s.profile, goal: s.goal as 'win', priority: s.priority })
      return d
    })
    await projectMap(fresh.ws.id, rebuilt.id, rebuiltDoc)
    const result = await importTouchpoints(ctx, csv, { commit: true })
    expect(result.ok ? [] : result.errors).toEqual([])
    expect(result).toMatchObject({ ok: true, committed: true, summary: { touchpoints: 3, placements: 4 } })

    const cells = (m: Awaited<ReturnType<typeof getMap>>) =>
      m.placements
        .map((p) => `${m.segments.find((s) => s.id === p.segmentId)!.name} | ${m.stages.find((s) => s.id === p.stageId)!.name} | ${p.position} | ${p.touchpoint.name} | ${p.touchpoint.kind} | ${p.touchpoint.channel}`)
        .sort()
    const original = await getMap(await ctxOf(team.editor.id, team.ws.id), mapId)
    const copy = await getMap(ctx, rebuilt.id)
    expect(copy.stages.map(({ name, weight, description }) => ({ name, weight, description }))).toEqual(original.stages.map(({ name, weight, description }) => ({ name, weight, description })))
    expect(copy.segments.map(({ id: _id, ...s }) => s)).toEqual(original.segments.map(({ id: _id, ...s }) => s))
    expect(cells(copy)).toEqual(cells(original))
    const again = (await (await get('json', team.ws.id, mapId)).json()) as ReturnType<typeof mapToJson>
    who.session = sessionOf(fresh.viewer)
    const copied = (await (await get('json', fresh.ws.id, rebuilt.id)).json()) as ReturnType<typeof mapToJson>
    const details = (j: typeof again) => j.placements.map(({ touchpoint: { id: _id, ...t } }) => t).sort((a, b) => a.name.localeCompare(b.name))
    expect(details(copied)).toEqual(details(again))
  })

  it('answers 404 for another workspace’s map, a map id that is not one, and a non-member; 401 signed out', async () => {
    who.session = sessionOf(team.owner)
    for (const f of Object.keys(ROUTES) as Format[]) {
      expect((await get(f, team.ws.id, otherMapId)).status).toBe(404)
      expect((await get(f, other.ws.id, otherMapId)).status).toBe(404)
      expect((await get(f, team.ws.id, 'not-a-map')).status).toBe(404)
    }
    who.session = sessionOf(await makeUser(uniqueEmail('stranger')))
    expect((await get('csv', team.ws.id, mapId)).status).toBe(404)
    who.session = null
    expect((await get('pdf', team.ws.id, mapId)).status).toBe(401)
  })

  it('renders the demo workspace’s maps (written to EXPORT_PREVIEW_DIR to look at)', async () => {
    const { seedNorthwindContent } = await import('@/lib/demo/seed-demo')
    const demo = await teamWorkspace('Northwind Retail')
    await seedNorthwindContent(demo.owner.id, demo.ws.id)
    const { listMaps } = await import('@/lib/maps/maps')
    who.session = sessionOf(demo.viewer)
    const dir = process.env.EXPORT_PREVIEW_DIR
    for (const m of await listMaps(await ctxOf(demo.owner.id, demo.ws.id))) {
      const pdfRes = await get('pdf', demo.ws.id, m.id)
      const buf = Buffer.from(await pdfRes.arrayBuffer())
      const pdf = readPdf(buf)
      expect(pdf.all).toContain(m.name)
      const svg = await (await get('svg', demo.ws.id, m.id)).text()
      if (dir) {
        mkdirSync(dir, { recursive: true })
        const base = path.join(dir, m.name.toLowerCase().replace(/\W+/g, '-'))
        writeFileSync(`${base}.pdf`, buf)
        writeFileSync(`${base}.svg`, svg)
      }
    }
  })
})
