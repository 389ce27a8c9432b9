'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { createInsights } from '@/lib/insights/create'
import { INSIGHT_STATUSES, insightInputSchema } from '@/lib/insights/model'
import { assignInsight, linkTouchpoints, markAllRead, markRead, mergeInsight, setInsightStatus } from '@/lib/insights/triage'

/** Form values: a repeated field arrives as a string or a list. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => s.trim() !== ''))

const asList = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]).filter((s): s is string => typeof s === 'string' && s.trim() !== '')

/**
 * The "Add insight" form: topics typed as "billing, waiting" (commas or
 * semicolons); touchpoints and segments ("<map id>:<segment id>") as repeated fields.
 */
const createFormSchema = z.preprocess((raw) => {
  const o = { ...(raw as Record<string, unknown>) }
  o.topics = typeof o.topics === 'string' ? o.topics.split(/[,;]/).map((t) => t.trim()).filter(Boolean) : asList(o.topics)
  o.touchpointIds = asList(o.touchpointIds)
  o.segments = asList(o.segments).map((s) => ({ mapId: s.slice(0, 36), segmentId: s.slice(37) }))
  return o
}, insightInputSchema)

export const createInsightAction = workspaceAction(createFormSchema, 'insights.create', async (ctx, input) => {
  const [created] = await createInsights({ workspaceId: ctx.workspaceId, userId: ctx.userId }, [input], 'form')
  return created!
})

const insightId = z.uuid({ error: 'Unknown insight' })

export const assignInsightAction = workspaceAction(
  z.object({ insightId, assigneeId: z.string().max(64).optional().transform((s) => (s && s !== 'none' ? s : null)) }),
  'insights.triage',
  (ctx, i) => assignInsight(ctx, i.insightId, i.assigneeId),
)

export const setInsightStatusAction = workspaceAction(
  z.object({
    insightId,
    status: z.enum(INSIGHT_STATUSES, { error: 'Choose a status' }),
    resolution: z.string().max(5000).optional().default(''),
  }),
  'insights.triage',
  (ctx, i) => setInsightStatus(ctx, i.insightId, i.status, i.resolution),
)

export const linkTouchpointsAction = workspaceAction(
  z.object({ insightId, add: list, remove: list }),
  'insights.triage',
  (ctx, i) => linkTouchpoints(ctx, i.insightId, { add: i.add, remove: i.remove }),
)

export const mergeInsightAction = workspaceAction(
  z.object({ insightId, targetId: z.uuid({ error: 'Choose the insight to merge into' }) }),
  'insights.triage',
  (ctx, i) => mergeInsight(ctx, i.insightId, i.targetId),
)

/** Read markers are each person's own: every member may set them. */
export const markInsightsReadAction = workspaceAction(
  z.object({ ids: list.refine((l) => l.length > 0, 'Choose the insights to mark as read') }),
  'maps.read',
  (ctx, i) => markRead(ctx, i.ids),
)

export const markAllInsightsReadAction = workspaceAction(z.object({}), 'maps.read', (ctx) => markAllRead(ctx))
