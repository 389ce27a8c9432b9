/**
 * The durable job queue with the real pg-boss, as server.ts runs it: two
 * runners on one database (two processes, as far as the database can tell)
 * open a due audit once and send each overdue reminder once; stopping them
 * and starting another (a restart) changes nothing.
 */
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditCampaigns, auditSchedules, auditTasks } from '@/db/schema'
import { openCampaign, setSchedule } from '@/lib/audits/campaigns'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { JOBS } from '@/lib/jobs/definitions'
import { startJobs, type JobRunner } from '@/lib/jobs/queue'
import { addSegment, addStage, addTouchpoint, catalogDocName, mapDocName, placeTouchpoint } from '@/lib/maps/doc-schema'
import { createMap } from '@/lib/maps/maps'
import { projectCatalog, projectMap } from '@/lib/maps/projection'
import { withoutPrintedMail } from '@/lib/mail/send-mail'
import { notificationMailIdle } from '@/lib/notifications/notify'
import { ctxOf, teamWorkspace } from '../support/fixtures'
import { openLiveEnvironment, type LiveEnv } from '../support/live-env'

let env: LiveEnv
const runners: JobRunner[] = []
beforeAll(async () => {
  env = await openLiveEnvironment()
})
afterAll(async () => {
  for (const r of runners) await r.stop()
  await notificationMailIdle()
  await env?.close()
})

async function until(check: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('timed out waiting')
}

describe('the job queue', () => {
  it('opens a due audit and sends each overdue reminder once with two runners, and again nothing more after a restart', async () => {
    const team = await teamWorkspace('Jobs Co')
    const owner = await ctxOf(team.owner.id, team.ws.id)
    const manager = await ctxOf(team.manager.id, team.ws.id)
    const catalog = await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => {
      addTouchpoint(d, { name: 'Invoice email', ownerUserId: team.editor.id }, team.owner.id)
      addTouchpoint(d, { name: 'Store', ownerUserId: team.admin.id }, team.owner.id)
      return d
    })
    await projectCatalog(team.ws.id, catalog)
    const tps = (await withDocument(team.ws.id, catalogDocName(team.ws.id), (d) => [...d.getMap('touchpoints').keys()])) as string[]
    const mapId = (await createMap(owner, { name: 'Shop', template: 'blank' })).id
    const doc = await withDocument(team.ws.id, mapDocName(team.ws.id, mapId), (d) => {
      const s = addStage(d, { name: 'Buy' })
      const g = addSegment(d, { name: 'All' })
      for (const id of tps) placeTouchpoint(d, { touchpointId: id, stageId: s, segmentId: g })
      return d
    })
    await projectMap(team.ws.id, mapId, doc)
    // A schedule due now, and a campaign already overdue (due yesterday).
    await setSchedule(manager, { mapId, cadence: 'yearly', intervalDays: null, firstOpenAt: new Date(), dueDays: 14 })
    const late = await withoutPrintedMail(() => openCampaign(manager, { mapId: null, name: 'Late audit', dueAt: new Date(Date.now() + 86_400_000) }))
    await inWorkspace(team.ws.id, null, (tx) => tx.update(auditCampaigns).set({ dueAt: new Date(Date.now() - 86_400_000) }).where(eq(auditCampaigns.id, late.id)))

    const count = async () =>
      inWorkspace(team.ws.id, null, async (tx) => {
        const [scheduled] = await tx.select({ n: sql<number>`count(*)::int` }).from(auditCampaigns).where(and(eq(auditCampaigns.workspaceId, team.ws.id), sql`${auditCampaigns.scheduleId} is not null`))
        const [reminded] = await tx.select({ n: sql<number>`count(*)::int` }).from(auditTasks).where(and(eq(auditTasks.campaignId, late.id), sql`${auditTasks.remindedAt} is not null`))
        const [schedule] = await tx.select({ next: auditSchedules.nextOpenAt }).from(auditSchedules).where(eq(auditSchedules.workspaceId, team.ws.id))
        return { scheduled: Number(scheduled!.n), reminded: Number(reminded!.n), next: schedule!.next.getTime() }
      })
    const overdueNotes = async (userId: string) =>
      rows(await inWorkspace(team.ws.id, userId, (tx) => tx.execute(sql`select count(*)::int as n from notifications where user_id = ${userId} and title like 'Overdue:%'`)))

    await withoutPrintedMail(async () => {
      runners.push(await startJobs(env.t.jobs, JOBS, { pollingIntervalSeconds: 0.5 }), await startJobs(env.t.jobs, JOBS, { pollingIntervalSeconds: 0.5 }))
      await until(async () => {
        const c = await count()
        return c.scheduled === 1 && c.reminded === 2
      })
      // Both runners keep polling for a while: still one campaign for the slot, one reminder per task.
      await new Promise((r) => setTimeout(r, 2500))
      const first = await count()
      expect(first).toMatchObject({ scheduled: 1, reminded: 2 })
      expect(first.next).toBeGreaterThan(Date.now())
      expect(await overdueNotes(team.editor.id)).toBe(1)
      expect(await overdueNotes(team.admin.id)).toBe(1)

      // A restart: both stop, a new one starts (and runs its start-up jobs).
      for (const r of runners.splice(0)) await r.stop()
      runners.push(await startJobs(env.t.jobs, JOBS, { pollingIntervalSeconds: 0.5 }))
      await new Promise((r) => setTimeout(r, 3000))
      expect(await count()).toEqual(first)
      expect(await overdueNotes(team.editor.id)).toBe(1)
    })
  })
})

const rows = (r: unknown) => Number(((Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows) as { n: number }[])[0]!.n)
