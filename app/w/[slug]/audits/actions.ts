'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { answerTask, closeCampaign, openCampaign, removeSchedule, reviewTask, setSchedule } from '@/lib/audits/campaigns'
import { openCampaignSchema, scheduleSchema, taskAnswerSchema, taskReviewSchema } from '@/lib/audits/model'
import { uuidSchema } from '@/lib/schemas/common'

/** Creates or replaces the audit schedule of a map, or of the workspace. */
export const setScheduleAction = workspaceAction(scheduleSchema, 'audits.manage', (ctx, i) => setSchedule(ctx, i))

/** Removes an audit schedule (campaigns it opened stay). */
export const removeScheduleAction = workspaceAction(z.object({ scheduleId: uuidSchema('schedule') }), 'audits.manage', (ctx, i) => removeSchedule(ctx, i.scheduleId))

/** Opens an audit campaign now. */
export const openCampaignAction = workspaceAction(openCampaignSchema, 'audits.manage', (ctx, i) => openCampaign(ctx, i))

/** Closes an audit campaign, freezing its snapshot. */
export const closeCampaignAction = workspaceAction(z.object({ campaignId: uuidSchema('audit') }), 'audits.manage', (ctx, i) => closeCampaign(ctx, i.campaignId))

/** The owner saves their checklist, or signs it off. */
export const answerTaskAction = workspaceAction(taskAnswerSchema, 'maps.edit', (ctx, i) => answerTask(ctx, i))

/** A manager approves a signed-off review or sends it back with a note. */
export const reviewTaskAction = workspaceAction(taskReviewSchema, 'audits.manage', (ctx, i) => reviewTask(ctx, i))
