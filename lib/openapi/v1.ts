/**
 * The public v1 API's own schemas (what app/api/v1/** parse), shared by the
 * route handlers and the OpenAPI document (lib/openapi/document.ts). The feed's
 * query is the feed's own (lib/insights/feed.ts feedQuerySchema).
 */
import { z } from 'zod'
import { insightInputSchema } from '@/lib/insights/model'

export const MAX_BATCH = 500

export const insightBatchSchema = z.object({
  insights: z
    .array(insightInputSchema, { error: 'insights is a list of insights' })
    .min(1, 'Send at least one insight')
    .max(MAX_BATCH, `Send at most ${MAX_BATCH} insights per request; split larger batches`),
})
