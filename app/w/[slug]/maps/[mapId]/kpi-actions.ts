'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { setMapBadgeMetric } from '@/lib/metrics/metrics'
import { uuidSchema } from '@/lib/schemas/common'

/** Chooses the KPI the map's cards show (an empty metricId: none). */
export const setMapKpiAction = workspaceAction(
  z.object({ mapId: uuidSchema('map'), metricId: z.union([z.literal(''), uuidSchema('KPI')]) }),
  'maps.edit',
  (ctx, input) => setMapBadgeMetric(ctx, input.mapId, input.metricId || null),
)
