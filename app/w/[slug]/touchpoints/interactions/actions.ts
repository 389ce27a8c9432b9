'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { addRule, removeRule, touchpointFromType } from '@/lib/interactions/rules'
import { ruleInputSchema } from '@/lib/interactions/model'
import { uuidSchema } from '@/lib/schemas/common'

export const addRuleAction = workspaceAction(ruleInputSchema, 'maps.edit', (ctx, i) => addRule(ctx, i))

export const removeRuleAction = workspaceAction(z.object({ ruleId: uuidSchema('rule') }), 'maps.edit', (ctx, i) => removeRule(ctx, i.ruleId))

/** One click: a touchpoint for an unmatched interaction type, and the rule that sends it there. */
export const touchpointFromTypeAction = workspaceAction(z.object({ type: z.string().trim().min(1).max(200), channel: z.string().trim().max(200).default('') }), 'maps.edit', (ctx, i) =>
  touchpointFromType(ctx, i),
)
