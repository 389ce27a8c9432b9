import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importInsights } from '@/lib/insights/import'
import { listFeed } from '@/lib/insights/feed'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { withDocument } from '@/lib/documents/live-documents'
import { ctxOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

describe('CSV import of insights', () => {
  let team: Awaited<ReturnType<typeof teamWorkspace>>
  let hotline: string
  beforeAll(async () => {
    team = await teamWorkspace('Import Co')
    const doc = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      hotline = addTouchpoint(d, { name: 'Hotline' }, team.owner.id)
      addTouchpoint(d, { name: 'Twin' }, team.owner.id)
      addTouchpoint(d, { name: 'twin' }, team.owner.id)
      return d
    })
    await projectCatalog(team.ws.id, doc)
  })
  const feed = () => listFeed({ workspaceId: team.ws.id, userId: team.manager.id }, {}, { limit: 100 })

  it('reports every bad row with its line, column and reason, and writes nothing (all or nothing)', async () => {
    const csv = [
      'Title,Type,Source,Observed_On,Touchpoints,Topics,Source_URL',
      'Good row,complaint,hotline,2026-01-02,Hotline,Waiting;waiting,',
      ',idea,crm,,,,', // line 3: no title
      'Bad type,rant,crm,,,,', // line 4
      'Future,idea,crm,2999-01-01,,,', // line 5
      'Unknown tp,idea,crm,,Nowhere,,', // line 6
      'Ambiguous,idea,crm,,twin,,', // line 7
      'Bad link,idea,crm,,,,javascript:alert(1)', // line 8
      '"Multi',
      'line title",praise,survey,,,,', // a quoted line break: one record from line 9
      'Short row,idea', // line 11
    ].join('\r\n')
    const ctx = await ctxOf(team.editor.id, team.ws.id)
    const r = await importInsights(ctx, csv, { commit: true })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'title'],
      [4, 'type'],
      [5, 'observed_on'],
      [6, 'touchpoints'],
      [7, 'touchpoints'],
      [8, 'source_url'],
      [11, ''],
    ])
    expect(r.errors[3]!.reason).toContain('no touchpoint called Nowhere')
    expect((await feed()).items).toHaveLength(0)
  })

  it('refuses unknown and missing columns before reading rows', async () => {
    const ctx = await ctxOf(team.editor.id, team.ws.id)
    const r = await importInsights(ctx, 'title,colour\nx,red\n', { commit: false })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 1, column: 'colour', reason: expect.stringContaining('Unknown column') }),
        expect.objectContaining({ line: 1, column: 'type' }),
        expect.objectContaining({ line: 1, column: 'source' }),
      ]),
    )
  })

  it('previews without writing, then writes all rows with their links and progress', async () => {
    const ctx = await ctxOf(team.editor.id, team.ws.id)
    const csv = 'title,body,type,source,sentiment,touchpoints,topics\nHotline waits,12 minutes on average,complaint,Support or hotline,negative,Hotline,Waiting; Hotline\n"Quote, with comma",,praise,review site,,,\n'
    const dry = await importInsights(ctx, csv, { commit: false })
    expect(dry).toMatchObject({ ok: true, committed: false, summary: { rows: 2, insights: 2, linked: 1 } })
    expect((await feed()).items).toHaveLength(0)
    const phases: string[] = []
    const done = await importInsights(ctx, csv, { commit: true, onProgress: (p) => phases.push(p.phase) })
    expect(done).toMatchObject({ ok: true, committed: true })
    expect(phases).toContain('write')
    const items = (await feed()).items
    expect(items.map((i) => i.title).sort()).toEqual(['Hotline waits', 'Quote, with comma'])
    const hw = items.find((i) => i.title === 'Hotline waits')!
    expect(hw).toMatchObject({ source: 'support', sentiment: 'negative', topics: ['waiting', 'hotline'], via: 'import', touchpoints: [{ id: hotline, name: 'Hotline' }] })
  })

  it('is refused to viewers (403)', async () => {
    const ctx = await ctxOf(team.viewer.id, team.ws.id)
    await expect(importInsights(ctx, 'title,type,source\nx,idea,crm\n', { commit: true })).rejects.toMatchObject({ status: 403 })
  })
})
