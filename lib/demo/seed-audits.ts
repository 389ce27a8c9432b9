/**
 * The demo's audits (lib/audits/), written through the audit services: a
 * closed spring audit of the "Store visit" map (dated three months back), an
 * edit or two since, an open winter audit with some reviews approved, some
 * signed off, one sent back, and a quarterly schedule.
 */
import { and, eq } from 'drizzle-orm'
import { auditCampaigns, auditTasks } from '@/db/schema'
import { answerTask, closeCampaign, openCampaign, reviewTask, setSchedule } from '@/lib/audits/campaigns'
import { campaignDetail } from '@/lib/audits/queries'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { withDocument } from '@/lib/documents/live-documents'
import { catalogDocName, updateTouchpoint } from '@/lib/maps/doc-schema'
import { projectCatalog } from '@/lib/maps/projection'

const DAY = 86_400_000

async function closeOpen(ctx: MemberContext, campaignId: string) {
  if ((await campaignDetail(ctx, campaignId)).status === 'open') await closeCampaign(ctx, campaignId)
}
const FULL = { accurate: true, scoresRefreshed: true, relevant: 'keep' as const, processesCurrent: true, newTouchpoints: 'none' }

export async function seedNorthwindAudits(people: ReadonlyMap<string, MemberContext>, mapId: string, edits: { touchpointId: string; description: string }[]): Promise<{ audits: number }> {
  const demo = people.get('demo')!
  const ws = demo.workspaceId
  // Who fills in a task: its person, else a member of its department, else (no owner) the demo user, a manager.
  const byDepartment = new Map([...people.values()].filter((p) => p.departmentId).map((p) => [p.departmentId!, p]))
  const ownerOf = (raw: { assigneeUserId: string | null; assigneeDepartmentId: string | null }): MemberContext | undefined =>
    raw.assigneeUserId
      ? [...people.values()].find((p) => p.userId === raw.assigneeUserId)
      : raw.assigneeDepartmentId
        ? byDepartment.get(raw.assigneeDepartmentId)
        : demo
  const rawTasks = async (campaignId: string) =>
    inWorkspace(ws, null, (tx) =>
      tx.select({ id: auditTasks.id, assigneeUserId: auditTasks.assigneeUserId, assigneeDepartmentId: auditTasks.assigneeDepartmentId }).from(auditTasks).where(eq(auditTasks.campaignId, campaignId)),
    )
  const walk = async (campaignId: string, plan: (i: number) => 'approve' | 'submit' | 'return' | 'open') => {
    const raw = new Map((await rawTasks(campaignId)).map((r) => [r.id, r]))
    const tasks = (await campaignDetail(demo, campaignId)).tasks
    let i = 0
    for (const t of tasks) {
      const owner = ownerOf(raw.get(t.id)!)
      if (!owner) continue // a department without members in the demo: its review stays to do
      const step = plan(i++)
      if (step === 'open') continue
      await answerTask(owner, { taskId: t.id, checklist: FULL, note: '', signOff: true })
      if (step === 'approve') await reviewTask(demo, { taskId: t.id, decision: 'approve', note: '' })
      if (step === 'return') await reviewTask(demo, { taskId: t.id, decision: 'return', note: 'The opening hours changed in October: update them, then sign off again.' })
    }
  }

  const spring = await openCampaign(demo, { mapId, name: 'Spring audit', dueAt: new Date(Date.now() + 14 * DAY) })
  await walk(spring.id, () => 'approve')
  // Reviews nobody in the demo can sign off are closed by hand.
  await closeOpen(demo, spring.id)
  // Dated back to spring: opened 100 days ago, closed 86.
  await inWorkspace(ws, demo.userId, (tx) =>
    tx
      .update(auditCampaigns)
      .set({ openedAt: new Date(Date.now() - 100 * DAY), dueAt: new Date(Date.now() - 86 * DAY), closedAt: new Date(Date.now() - 86 * DAY) })
      .where(and(eq(auditCampaigns.workspaceId, ws), eq(auditCampaigns.id, spring.id))),
  )
  // What changed since: a few details edited.
  const doc = await withDocument(ws, catalogDocName(ws), (d) => {
    for (const e of edits) updateTouchpoint(d, e.touchpointId, { description: e.description }, demo.userId)
    return d
  })
  await projectCatalog(ws, doc)

  const winter = await openCampaign(demo, { mapId, name: 'Winter audit', dueAt: new Date(Date.now() + 10 * DAY) })
  await walk(winter.id, (i) => (i < 6 ? 'approve' : i < 8 ? 'submit' : i === 8 ? 'return' : 'open'))
  await setSchedule(demo, { mapId, cadence: 'quarterly', intervalDays: null, firstOpenAt: new Date(Date.now() + 80 * DAY), dueDays: 14 })
  return { audits: 2 }
}
