import { eq } from 'drizzle-orm'
import { systemState, users } from '@/db/schema'
import { requireMembership, person } from '@/lib/auth/membership'
import { config } from '@/lib/config'
import { database } from '@/lib/db'
import { listDepartments } from '@/lib/departments/departments'
import { log } from '@/lib/log'
import { withoutPrintedMail } from '@/lib/mail/send-mail'
import { addTouchpoint, applyPersona, catalogDocName, mapDocName, placeTouchpoint, readMap, updateStage } from '@/lib/maps/doc-schema'
import { createMap } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { withDocument } from '@/lib/documents/live-documents'
import { setEmotion, setLaneText } from '@/lib/maps/lanes'
import { saveTemplate } from '@/lib/maps/templates'
import { createPersona } from '@/lib/personas/personas'
import { createShareLink } from '@/lib/sharing/share-links'
import { NORTHWIND_MAPS, NORTHWIND_PERSONAS, NORTHWIND_TOUCHPOINTS } from './northwind'
import { NORTHWIND_UNOWNED } from './northwind-knowledge'
import { saveVersion } from '@/lib/versions/versions'
import { seedNorthwindData } from './seed-data'
import { seedNorthwindAudits } from './seed-audits'
import { seedNorthwindKnowledge } from './seed-knowledge'

export const DEMO_EMAIL = 'demo@touchmap.example'
export const DEMO_WORKSPACE = 'Northwind Retail'
const FLAG = 'demo_seeded'

/**
 * On the first start of an embedded (or SEED_DEMO=true) installation, creates
 * the demo user and the Northwind Retail workspace with its catalog and maps.
 * Runs once: a flag records that it ran, so a deleted demo workspace stays
 * deleted. Needs the realtime engine (content is written through the live
 * documents, like any edit).
 */
export async function seedDemoOnFirstRun(): Promise<{ email: string; workspaceName: string } | null> {
  const wanted = process.env.SEED_DEMO ? process.env.SEED_DEMO === 'true' : config().embedded
  if (!wanted) return null
  const db = await database()
  const done = await db.select().from(systemState).where(eq(systemState.key, FLAG))
  if (done.length > 0) {
    const demo = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_EMAIL))
    return demo.length ? { email: DEMO_EMAIL, workspaceName: DEMO_WORKSPACE } : null
  }
  const claimed = await db.insert(systemState).values({ key: FLAG, value: new Date().toISOString() }).onConflictDoNothing().returning()
  if (claimed.length === 0) return { email: DEMO_EMAIL, workspaceName: DEMO_WORKSPACE } // another process seeds
  const started = Date.now()
  const [user] = await db
    .insert(users)
    .values({ email: DEMO_EMAIL, name: 'Dana Demo', emailVerified: new Date() })
    .onConflictDoUpdate({ target: users.email, set: { name: 'Dana Demo' } })
    .returning()
  const ws = await createWorkspace(user!.id, DEMO_WORKSPACE)
  try {
    // The seed's notifications (assignments, mentions) are real, but their emails are not printed: one line says what happened.
    await withoutPrintedMail(async () => {
      const { touchpointIds, mapIds, ...counts } = await seedNorthwindContent(user!.id, ws.id)
      const { people, ...knowledge } = await seedNorthwindKnowledge(user!.id, ws.id, touchpointIds)
      const audits = await seedNorthwindAudits(people, mapIds.get('Store visit')!, [
        { touchpointId: touchpointIds.get('till')!, description: 'Self-service tills beside the staffed ones since September.' },
        { touchpointId: touchpointIds.get('store-locator')!, description: 'Shows live stock for the nearest three stores.' },
      ])
      // A few named versions of the lifecycle map.
      const demoCtx = people.get('demo')!
      for (const name of ['After the kick-off workshop', 'Scores from the first review round']) await saveVersion(demoCtx, { mapId: mapIds.get('Customer lifecycle')!, name })
      // A workspace template, and a share link for the store design agency (its address is printed once: only a hash is kept).
      await saveTemplate(demoCtx, mapIds.get('Online shopping')!, { name: 'Online purchase journey', withTouchpoints: false })
      const share = await createShareLink(demoCtx, mapIds.get('Store visit')!, { label: 'Store design agency', password: null, expiresAt: null, showDetails: true })
      log.info(`demo share link of the "Store visit" map: ${config().appUrl}/s/${share.token}`)
      const data = await seedNorthwindData(demoCtx, touchpointIds, mapIds)
      log.debug('seeded the demo workspace', { workspace: DEMO_WORKSPACE, ...counts, ...knowledge, ...audits, ...data, ms: Date.now() - started })
    })
    log.info(`demo workspace seeded; sign in as ${DEMO_EMAIL}`)
  } catch (err) {
    // The workspace stays usable (empty or partly filled); the seed does not run again.
    log.error('seeding the demo content failed', { err: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  }
  return { email: DEMO_EMAIL, workspaceName: DEMO_WORKSPACE }
}

/** A projection can meet the projector's own run of the same document (a key conflict on PostgreSQL): once more, after it. */
async function project(run: () => Promise<unknown>): Promise<void> {
  try {
    await run()
  } catch {
    await new Promise((r) => setTimeout(r, 300))
    await run()
  }
}

/**
 * Writes Northwind's touchpoints into the workspace's catalog document and
 * creates its maps with their stages, segments and placements, then projects
 * them into the read model (so the workspace is complete when this resolves).
 */
export async function seedNorthwindContent(
  userId: string,
  workspaceId: string,
): Promise<{ touchpoints: number; maps: number; placements: number; touchpointIds: Map<string, string>; mapIds: Map<string, string> }> {
  const ctx = await requireMembership(person(userId), { id: workspaceId })
  const departments = new Map((await listDepartments(ctx)).map((d) => [d.name, d.id]))

  const ids = new Map<string, string>()
  const catalog = await withDocument(workspaceId, catalogDocName(workspaceId), (doc) => {
    doc.transact(() => {
      for (const { key, department, ownedByDemoUser, ...fields } of NORTHWIND_TOUCHPOINTS) {
        ids.set(key, addTouchpoint(doc, { ...fields, ownerDepartmentId: NORTHWIND_UNOWNED.includes(key) ? null : (departments.get(department) ?? null), ownerUserId: ownedByDemoUser ? userId : null }, userId))
      }
    })
    return doc
  })
  await project(() => projectCatalog(workspaceId, catalog))

  // The persona library first: the maps' rows of the same names stand for these personas.
  const personas = new Map<string, Awaited<ReturnType<typeof createPersona>>>()
  for (const p of NORTHWIND_PERSONAS) personas.set(p.name, await createPersona(ctx, p))

  let placed = 0
  const mapIds = new Map<string, string>()
  for (const m of NORTHWIND_MAPS) {
    const { id } = await createMap(ctx, { name: m.name, template: m.template, segments: m.segments })
    mapIds.set(m.name, id)
    const doc = await withDocument(workspaceId, mapDocName(workspaceId, id), (d) => {
      const snap = readMap(d)
      const stageId = new Map(snap.stages.map((s) => [s.name, s.id]))
      const segmentId = new Map(snap.segments.map((s) => [s.name, s.id]))
      d.transact(() => {
        for (const seg of snap.segments) {
          const persona = personas.get(seg.name)
          if (persona) applyPersona(d, seg.id, persona)
        }
        for (const [name, fields] of Object.entries(m.stages)) {
          const sid = stageId.get(name)
          if (!sid) throw new Error(`demo map ${m.name}: no stage ${name}`)
          updateStage(d, sid, fields)
        }
        if (m.lanes) {
          for (const lane of ['actions', 'backstage'] as const) for (const [stage, text] of Object.entries(m.lanes[lane])) setLaneText(d, lane, stageId.get(stage)!, text)
          for (const [segment, byStage] of Object.entries(m.lanes.emotions)) for (const [stage, v] of Object.entries(byStage)) setEmotion(d, segmentId.get(segment)!, stageId.get(stage)!, v)
        }
        for (const cell of m.cells) {
          const st = stageId.get(cell.stage)
          const sg = segmentId.get(cell.segment)
          if (!st || !sg) throw new Error(`demo map ${m.name}: no cell ${cell.stage} x ${cell.segment}`)
          for (const key of cell.touchpoints) {
            const touchpointId = ids.get(key)
            if (!touchpointId) throw new Error(`demo map ${m.name}: no touchpoint ${key}`)
            placeTouchpoint(d, { touchpointId, stageId: st, segmentId: sg })
            placed++
          }
        }
      })
      return d
    })
    await project(() => projectMap(workspaceId, id, doc))
  }
  return { touchpoints: ids.size, maps: NORTHWIND_MAPS.length, placements: placed, touchpointIds: ids, mapIds }
}
