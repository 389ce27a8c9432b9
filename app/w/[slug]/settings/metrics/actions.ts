'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { createMetric, deleteMetric, updateMetric } from '@/lib/metrics/metrics'
import { metricInputSchema } from '@/lib/metrics/model'
import { uuidSchema } from '@/lib/schemas/common'

export const createMetricAction = workspaceAction(metricInputSchema, 'metrics.manage', (ctx, input) => createMetric(ctx, input))

export const updateMetricAction = workspaceAction(z.intersection(metricInputSchema, z.object({ metricId: uuidSchema('metric') })), 'metrics.manage', (ctx, { metricId, ...input }) =>
  updateMetric(ctx, metricId, input),
)

export const deleteMetricAction = workspaceAction(z.object({ metricId: uuidSchema('metric') }), 'metrics.manage', (ctx, input) => deleteMetric(ctx, input.metricId))
