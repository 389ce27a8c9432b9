'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { attachMetric, detachMetric } from '@/lib/metrics/metrics'
import { metricValueInputSchema } from '@/lib/metrics/model'
import { recordValues } from '@/lib/metrics/values'
import { uuidSchema } from '@/lib/schemas/common'

const touchpointIdSchema = z.string().trim().min(1, 'Choose a touchpoint').max(200)

/** Starts measuring the touchpoint with a metric. */
export const attachMetricAction = workspaceAction(z.object({ touchpointId: touchpointIdSchema, metricId: uuidSchema('KPI') }), 'metrics.record', (ctx, input) =>
  attachMetric(ctx, input.touchpointId, input.metricId),
)

export const detachMetricAction = workspaceAction(z.object({ touchpointId: touchpointIdSchema, metricId: uuidSchema('KPI') }), 'metrics.record', (ctx, input) =>
  detachMetric(ctx, input.touchpointId, input.metricId),
)

/** Records one value from the touchpoint page's form (the same checks as the API and the CSV import). */
export const recordValueAction = workspaceAction(metricValueInputSchema, 'metrics.record', (ctx, input) =>
  recordValues({ workspaceId: ctx.workspaceId, userId: ctx.userId }, [{ ...input, source: input.source || 'form' }], 'form'),
)
