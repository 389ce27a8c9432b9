/**
 * The distribution analysis from the real read model: maps and the catalog
 * written through their documents and projected, scores through the
 * evaluation service, insights in the database; the route's JSON and CSV.
 */
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { insights, insightTouchpoints } from '@/db/schema'
import type { CurrentSession } from '@/lib/auth/current-session'
import { config } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { setMyScores } from '@/lib/evaluation/evaluation'
import { distributionFor, pressureWeeks } from '@/lib/analysis/load'
import { addSegment, addStage, addTouchpoint, catalogDocName, mapDocName, placeTouchpoint, updateStage } from '@/lib/maps/doc-schema'
import { createMap } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import * as distribution from '@/app/api/workspaces/[workspaceId]/analysis/distribution/route'
import * as report from '@/app/api/workspaces/[workspaceId]/analysis/report/route'
import { inflateSync } from 'node:zlib'
import { ctxOf, sessionOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

const who = vi.hoisted(() => ({ session: null as CurrentSession | null }))
vi.mock('@/lib/auth/current-session', () => ({ SESSION_COOKIES: [], currentSession: async () => who.session, sessionOfRequest: async () => who.session }))

type Team = Awaited<ReturnType<typeof teamWorkspace>>

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

const NOW = new Date('2026-11-26T12:00:00Z') // a Thursday: its week starts on Monday 2026-11-23

describe('distribution analysis from the read model', () => {
  let team: Team
  let mapId: string
  const tp: Record<string, string> = {}
  const stage: Record<string, string> = {}

  beforeAll(async () => {
    team = await teamWorkspace('Distribution Co')
    const owner = await ctxOf(team.owner.id, team.ws.id)
    const catalog = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      tp.web = addTouchpoint(d, { name: 'Website', ownerUserId: team.editor.id, dataGenerated: 'Visits, basket contents', dataCaptured: 'Passed to the CRM nightly' }, team.owner.id)
      tp.store = addTouchpoint(d, { name: 'Store', kind: 'physical', dataGenerated: 'Till receipts' }, team.owner.id)
      tp.invoice = addTouchpoint(d, { name: 'Invoice email' }, team.owner.id)
      return d
    })
    await projectCatalog(team.ws.id, catalog)
    mapId = (await createMap(owner, { name: 'Retail journey', template: 'blank' })).id
    const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => {
      stage.aware = addStage(d, { name: 'Awareness', weight: 5 })
      stage.buy = addStage(d, { name: 'Purchase', weight: 1 })
      const families = addSegment(d, { name: 'Families' })
      const students = addSegment(d, { name: 'Students' })
      placeTouchpoint(d, { touchpointId: tp.web!, stageId: stage.aware!, segmentId: families })
      placeTouchpoint(d, { touchpointId: tp.web!, stageId: stage.aware!, segmentId: students })
      placeTouchpoint(d, { touchpointId: tp.web!, stageId: stage.buy!, segmentId: families })
      placeTouchpoint(d, { touchpointId: tp.store!, stageId: stage.buy!, segmentId: students })
      placeTouchpoint(d, { touchpointId: tp.invoice!, stageId: stage.buy!, segmentId: students })
      return d
    })
    await projectMap(team.ws.id, mapId, doc)
    const editor = await ctxOf(team.editor.id, team.ws.id)
    await setMyScores(editor, { touchpointId: tp.web!, scores: { value: 2, effectiveness: 2 } })
    await setMyScores(editor, { touchpointId: tp.store!, scores: { value: 5, effectiveness: 4 } })
    // Insights on the website: 2 in the week 9 weeks ago (one negative), 3 this week (all negative); one merged (left out); one 20 weeks ago (outside).
    const weeks = pressureWeeks(NOW)
    const at = (w: number, hours = 30) => new Date(weeks[w]!.getTime() + hours * 3600_000)
    await inWorkspace(team.ws.id, team.owner.id, async (tx) => {
      const rows = [
        { at: at(2), sentiment: 'negative' },
        { at: at(2), sentiment: 'positive' },
        { at: at(11, 1), sentiment: 'negative' },
        { at: at(11, 2), sentiment: 'negative' },
        { at: at(11, 3), sentiment: 'negative' },
        { at: at(11, 4), sentiment: 'negative', merged: true },
        { at: new Date(weeks[0]!.getTime() - 8 * 7 * 24 * 3600_000), sentiment: 'negative' },
      ]
      const [target] = await tx.insert(insights).values({ workspaceId: team.ws.id, title: 'Slow site', type: 'complaint', source: 'support', createdAt: at(0) }).returning({ id: insights.id })
      for (const r of rows) {
        const [i] = await tx
          .insert(insights)
          .values({ workspaceId: team.ws.id, title: 'Slow pages', type: 'complaint', source: 'support', sentiment: r.sentiment, createdAt: r.at, mergedInto: r.merged ? target!.id : null })
          .returning({ id: insights.id })
        await tx.insert(insightTouchpoints).values({ workspaceId: team.ws.id, insightId: i!.id, touchpointId: tp.web! })
      }
    })
  })

  it('counts the map’s cells and stages and finds what is over- and under-used', async () => {
    const d = await distributionFor(await ctxOf(team.viewer.id, team.ws.id), { mapId, now: NOW })
    const h = d.heatmap!
    expect(h.stages.map((s) => [s.name, s.weight, s.touchpoints, s.cells.map((c) => c.count)])).toEqual([
      ['Awareness', 5, 1, [1, 1]],
      ['Purchase', 1, 3, [1, 2]],
    ])
    expect(h.stages.map((s) => s.share)).toEqual([0.25, 0.75])
    // Purchase: weight 1 of 6 (17%) but 3 of 4 (75%); the website stands in 3 cells with a score of 2.
    expect(d.overUsed.map((f) => f.kind)).toEqual(['crowdedLowStage', 'spreadLowScore'])
    // Awareness: 25% < half of 83%; the store scores 4.5 and stands in one cell.
    expect(d.underUsed.map((f) => [f.kind, f.name])).toEqual([
      ['thinImportantStage', 'Awareness'],
      ['strongPlacedOnce', 'Store'],
    ])
    expect(d.coverage.unowned.map((t) => t.name)).toEqual(['Invoice email', 'Store'])
    expect(d.coverage.people).toEqual([{ id: team.editor.id, name: expect.any(String), touchpoints: 1, openInsights: 6, averageScore: 2 }])
    expect(d.coverage.noData.map((t) => t.name)).toEqual(['Invoice email'])
    expect(d.coverage.notPassedOn.map((t) => t.name)).toEqual(['Store'])
    expect(d.mix.map((m) => [m.name, m.kind.physical, m.total])).toEqual([
      ['Awareness', 0, 1],
      ['Purchase', 1, 3],
    ])
  })

  it('buckets insights per week (merged and older ones left out) with the negative share and the trend', async () => {
    const d = await distributionFor(await ctxOf(team.viewer.id, team.ws.id), { mapId, now: NOW })
    expect(d.pressure.weekStarts[11]).toBe('2026-11-23')
    expect(d.pressure.weekStarts[0]).toBe('2026-09-07')
    expect(d.pressure.rows).toEqual([{ touchpointId: tp.web, name: 'Website', weeks: [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3], total: 5, negativeShare: 0.8, trend: 'up' }])
  })

  it('follows a stage weight changed on the map', async () => {
    const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => {
      updateStage(d, stage.buy!, { weight: 5 })
      return d
    })
    await projectMap(team.ws.id, mapId, doc)
    const d = await distributionFor(await ctxOf(team.viewer.id, team.ws.id), { mapId, now: NOW })
    expect(d.heatmap!.stages[1]).toMatchObject({ weight: 5, weightShare: 0.5 })
    expect(d.overUsed.map((f) => f.kind)).toEqual(['spreadLowScore'])
    // Both stages now weigh >= 4: the empty cells would be gaps, and there are none.
    expect(d.heatmap!.gaps).toBe(0)
  })

  it('serves JSON and CSV through the route, and 404s an unknown map', async () => {
    who.session = sessionOf(team.viewer)
    const base = `${config().appUrl}/api/workspaces/${team.ws.id}/analysis/distribution`
    const params = { params: Promise.resolve({ workspaceId: team.ws.id }) }
    const json = await distribution.GET(new NextRequest(`${base}?map=${mapId}`), params)
    expect(json.status).toBe(200)
    expect((await json.json()).heatmap.mapName).toBe('Retail journey')
    const csv = await distribution.GET(new NextRequest(`${base}?map=${mapId}&table=heatmap`), params)
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename=".*-analysis-heatmap-.*\.csv"/)
    expect(await csv.text()).toBe('stage,weight,Families,Students\r\nAwareness,5,1,1\r\nPurchase,5,1,2\r\n')
    const ws = await distribution.GET(new NextRequest(base), params)
    expect((await ws.json()).maps).toEqual([{ id: mapId, name: 'Retail journey', touchpoints: 3, cards: 5, gaps: 0 }])
    expect((await distribution.GET(new NextRequest(`${base}?map=${crypto.randomUUID()}`), params)).status).toBe(404)
    const bad = await distribution.GET(new NextRequest(`${base}?map=nope&table=everything`), params)
    expect(bad.status).toBe(422)
    expect((await bad.json()).fieldErrors).toMatchObject({ map: ['Unknown map'], table: [expect.stringMatching(/table is one of heatmap/)] })
  })

  it('prints the map’s analysis report as a PDF with its heatmap, findings and coverage in words', async () => {
    who.session = sessionOf(team.viewer)
    const res = await report.GET(new NextRequest(`${config().appUrl}/api/workspaces/${team.ws.id}/analysis/report?map=${mapId}`), { params: Promise.resolve({ workspaceId: team.ws.id }) })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const buf = Buffer.from(await res.arrayBuffer())
    expect(buf.subarray(0, 7).toString()).toBe('%PDF-1.')
    const words = pdfWords(buf)
    expect(words).toContain('Analysis: Retail journey')
    expect(words.some((w) => w.startsWith('Heatmap: stages'))).toBe(true)
    // Findings are paragraphs, wrapped over lines.
    expect(words.join(' ')).toContain('Website: Stands in 3 cells on 2 stages but scores 2.0 of 5.')
    expect(words).toEqual(expect.arrayContaining(['Purchase', 'Families', 'Students', 'Invoice email, Store']))
    const bad = await report.GET(new NextRequest(`${config().appUrl}/api/workspaces/${team.ws.id}/analysis/report`), { params: Promise.resolve({ workspaceId: team.ws.id }) })
    expect(bad.status).toBe(422)
  })

  it('404s another workspace’s map asked through one’s own workspace', async () => {
    const other = await teamWorkspace('Other Co')
    who.session = sessionOf(other.owner)
    const res = await distribution.GET(new NextRequest(`${config().appUrl}/api/workspaces/${other.ws.id}/analysis/distribution?map=${mapId}`), {
      params: Promise.resolve({ workspaceId: other.ws.id }),
    })
    expect(res.status).toBe(404)
  })
})

/** The text shown on a PDF's pages (its deflated content streams' Tj strings). */
function pdfWords(buf: Buffer): string[] {
  const text = buf.toString('latin1')
  const out: string[] = []
  const re = /<< \/Length (\d+) \/Filter \/FlateDecode >>\nstream\n/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length
    const s = inflateSync(buf.subarray(start, start + Number(m[1]))).toString('latin1')
    for (const t of s.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)) out.push(Buffer.from(t[1]!.replace(/\\([()\\])/g, '$1').replace(/\\(\d{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8))), 'latin1').toString('latin1'))
  }
  return out
}
