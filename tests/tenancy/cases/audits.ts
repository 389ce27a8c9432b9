import { openCampaign, setSchedule } from '@/lib/audits/campaigns'
import { campaignDetail } from '@/lib/audits/queries'
import { ctxOf } from '../../support/fixtures'
import type { CaseFile } from './types'

const A = 'app/w/[slug]/audits/actions.ts'
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString()

/** Audits: B's schedules, campaigns and review tasks can be neither read nor changed by a member of A; B's viewer changes nothing. */
export const auditsCases: CaseFile = {
  setupB: async ({ B, ids }) => {
    const manager = await ctxOf(B.manager.id, B.ws.id)
    const schedule = await setSchedule(manager, { mapId: ids.mapId!, cadence: 'yearly', intervalDays: null, firstOpenAt: new Date(Date.now() + 30 * 86_400_000), dueDays: 14 })
    // The workspace scope: B's catalog has touchpoints (the evaluation and catalog cases add them).
    const campaign = await openCampaign(manager, { mapId: null, name: 'B audit', dueAt: new Date(Date.now() + 7 * 86_400_000) })
    const task = (await campaignDetail(manager, campaign.id)).tasks[0]!
    return { auditScheduleId: schedule.id, auditCampaignId: campaign.id, auditTaskId: task.id }
  },
  routes: {},
  actions: {
    [`${A} setScheduleAction`]: { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId, cadence: 'quarterly', firstOpenAt: tomorrow(), dueDays: 7 }) },
    [`${A} removeScheduleAction`]: { kind: 'workspace', input: ({ ids }) => ({ scheduleId: ids.auditScheduleId }) },
    [`${A} openCampaignAction`]: { kind: 'workspace', input: () => ({ mapId: '', name: 'Smuggled audit', dueAt: tomorrow() }) },
    [`${A} closeCampaignAction`]: { kind: 'workspace', input: ({ ids }) => ({ campaignId: ids.auditCampaignId }) },
    [`${A} answerTaskAction`]: { kind: 'workspace', input: ({ ids }) => ({ taskId: ids.auditTaskId, checklist: { accurate: true }, note: 'smuggled' }) },
    [`${A} reviewTaskAction`]: { kind: 'workspace', input: ({ ids }) => ({ taskId: ids.auditTaskId, decision: 'return', note: 'smuggled' }) },
  },
}
