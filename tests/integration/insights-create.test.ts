import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { createInsights } from '@/lib/insights/create'
import { insightInputSchema, type InsightInputRaw } from '@/lib/insights/model'
import { rowsOf } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { addTouchpoint, catalogDocName } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'
import { withDocument } from '@/lib/documents/live-documents'
import { ValidationError } from '@/lib/errors'
import { teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

let env: LiveEnv
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  await env?.close()
})

const parse = (raw: InsightInputRaw) => insightInputSchema.parse(raw)

async function seedTouchpoints(workspaceId: string, userId: string, names: string[]) {
  let ids: string[] = []
  const doc = await withDocument(workspaceId, catalogDocName(workspaceId), (d) => {
    ids = names.map((name) => addTouchpoint(d, { name }, userId))
    return d
  })
  await projectCatalog(workspaceId, doc)
  return ids
}

describe('insight input', () => {
  it('normalises topics, defaults sentiment, accepts labels for choices', () => {
    const v = parse({ title: '  Hotline waits  ', type: 'Complaint', source: 'social media', topics: [' Waiting ', 'waiting', 'PRICE'] })
    expect(v).toMatchObject({ title: 'Hotline waits', type: 'complaint', source: 'social_media', sentiment: 'neutral', topics: ['waiting', 'price'], touchpointIds: [], segments: [] })
  })
  it('refuses bad values with messages per field', () => {
    const r = insightInputSchema.safeParse({ title: '', type: 'rant', source: 'x', sourceUrl: 'javascript:alert(1)', observedOn: '2999-01-01', topics: ['a'.repeat(41)] })
    expect(r.success).toBe(false)
    const paths = r.error!.issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['title', 'type', 'source', 'sourceUrl', 'observedOn', 'topics.0']))
    expect(insightInputSchema.safeParse({ title: 'x', type: 'idea', source: 'crm', observedOn: '2025-02-30' }).success).toBe(false)
    expect(insightInputSchema.safeParse({ title: 'x', type: 'idea', source: 'crm', topics: Array.from({ length: 21 }, (_, i) => `t${i}`) }).success).toBe(false)
  })
})

describe('createInsights', () => {
  it('writes insights with links in one go, and refuses links to touchpoints of another workspace', async () => {
    const a = await teamWorkspace('Create A')
    const b = await teamWorkspace('Create B')
    const [tpA] = await seedTouchpoints(a.ws.id, a.owner.id, ['Invoice email'])
    const [tpB] = await seedTouchpoints(b.ws.id, b.owner.id, ['B secret'])
    const out = await createInsights({ workspaceId: a.ws.id, userId: a.editor.id }, [parse({ title: 'Invoices confuse', type: 'complaint', source: 'support', touchpointIds: [tpA!], topics: ['billing'] })], 'form')
    expect(out).toHaveLength(1)
    const rows = await inWorkspace(a.ws.id, a.editor.id, async (tx) =>
      rowsOf<{ title: string; author_id: string; via: string; touchpoint_id: string }>(
        await tx.execute(sql`select i.title, i.author_id, i.via, it.touchpoint_id from insights i join insight_touchpoints it on it.insight_id = i.id where i.id = ${out[0]!.id}`),
      ),
    )
    expect(rows).toEqual([{ title: 'Invoices confuse', author_id: a.editor.id, via: 'form', touchpoint_id: tpA }])

    const err = await createInsights({ workspaceId: a.ws.id, userId: a.editor.id }, [parse({ title: 'ok', type: 'idea', source: 'crm' }), parse({ title: 'Spy', type: 'idea', source: 'crm', touchpointIds: [tpB!] })], 'api').catch((e) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect(Object.keys((err as ValidationError).fieldErrors)).toEqual(['1.touchpointIds'])
    const count = await inWorkspace(a.ws.id, a.editor.id, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from insights`))[0]!.n)
    expect(count).toBe(1)
  })

  it('ingests a batch of 2,500 in one call', async () => {
    const a = await teamWorkspace('Batch')
    const inputs = Array.from({ length: 2500 }, (_, i) => parse({ title: `Insight ${i}`, type: 'idea', source: 'survey', topics: ['bulk'] }))
    const t0 = Date.now()
    const out = await createInsights({ workspaceId: a.ws.id, userId: null }, inputs, 'api')
    expect(out).toHaveLength(2500)
    expect(new Set(out.map((o) => o.id)).size).toBe(2500)
    expect(Date.now() - t0).toBeLessThan(20_000)
  })
})
