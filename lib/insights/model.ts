import { z } from 'zod'

/**
 * The vocabulary of insights (../shared/DOMAIN.md "Insights") and every
 * field's limits: the form, the CSV import, the API and the feed use these.
 */

export const INSIGHT_TYPES = ['weakness', 'opportunity', 'customer_insight', 'complaint', 'praise', 'idea'] as const
export const INSIGHT_SOURCES = ['analytics', 'support', 'social_media', 'review_site', 'price_comparison', 'survey', 'sales_conversation', 'crm', 'other'] as const
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const
export const INSIGHT_STATUSES = ['new', 'in_review', 'actioned', 'dismissed'] as const
export const INSIGHT_VIA = ['form', 'import', 'api'] as const

export type InsightType = (typeof INSIGHT_TYPES)[number]
export type InsightSource = (typeof INSIGHT_SOURCES)[number]
export type Sentiment = (typeof SENTIMENTS)[number]
export type InsightStatus = (typeof INSIGHT_STATUSES)[number]
export type InsightVia = (typeof INSIGHT_VIA)[number]

export const INSIGHT_TYPE_LABELS: Record<InsightType, string> = {
  weakness: 'Weakness',
  opportunity: 'Opportunity',
  customer_insight: 'Customer insight',
  complaint: 'Complaint',
  praise: 'Praise',
  idea: 'Idea',
}

export const INSIGHT_SOURCE_LABELS: Record<InsightSource, string> = {
  analytics: 'Analytics',
  support: 'Support or hotline',
  social_media: 'Social media',
  review_site: 'Review site',
  price_comparison: 'Price comparison',
  survey: 'Survey',
  sales_conversation: 'Sales conversation',
  crm: 'CRM',
  other: 'Other',
}

export const SENTIMENT_LABELS: Record<Sentiment, string> = { negative: 'Negative', neutral: 'Neutral', positive: 'Positive' }

export const INSIGHT_STATUS_LABELS: Record<InsightStatus, string> = {
  new: 'New',
  in_review: 'In review',
  actioned: 'Actioned',
  dismissed: 'Dismissed',
}

export const LIMITS = {
  title: 200,
  body: 10_000,
  sourceUrl: 2_000,
  touchpoints: 50,
  segments: 20,
  topics: 20,
  topic: 40,
  resolution: 2_000,
} as const

/** Today as YYYY-MM-DD in UTC, plus one day of slack for people east of UTC. */
function latestObservableDay(): string {
  return new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10)
}

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** "Support or hotline", "support", "Social-Media" → the value; anything else stays as given (and fails the enum). */
export function normaliseChoice(value: unknown): unknown {
  if (typeof value !== 'string') return value
  return value.trim().toLowerCase().replace(/[\s-]+/g, '_')
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const topicSchema = z
  .string({ error: 'A topic is text' })
  .trim()
  .toLowerCase()
  .min(1, 'A topic cannot be empty')
  .max(LIMITS.topic, `A topic can have at most ${LIMITS.topic} characters`)

export const topicsSchema = z
  .array(topicSchema, { error: 'Topics are a list of words' })
  .transform((list) => [...new Set(list)])
  .pipe(z.array(z.string()).max(LIMITS.topics, `An insight can have at most ${LIMITS.topics} topics`))

export const segmentRefSchema = z.object({
  mapId: z.uuid({ error: 'Unknown map' }),
  segmentId: z.string({ error: 'Unknown segment' }).trim().min(1, 'Unknown segment').max(64, 'Unknown segment'),
})
export type SegmentRef = z.infer<typeof segmentRefSchema>

/** One insight as people and systems send it (form, CSV row, API body). */
export const insightInputSchema = z.object({
  title: z
    .string({ error: 'Enter a title' })
    .trim()
    .min(1, 'Enter a title: one line that says what was learned')
    .max(LIMITS.title, `A title can have at most ${LIMITS.title} characters`),
  body: z
    .string({ error: 'The details are text' })
    .max(LIMITS.body, `The details can have at most ${LIMITS.body.toLocaleString('en')} characters`)
    .optional()
    .default('')
    .transform((s) => s.trim()),
  type: z.preprocess(normaliseChoice, z.enum(INSIGHT_TYPES, { error: `Choose a type: ${INSIGHT_TYPES.join(', ')}` })),
  source: z.preprocess(normaliseChoice, z.enum(INSIGHT_SOURCES, { error: `Choose a source: ${INSIGHT_SOURCES.join(', ')}` })),
  sourceUrl: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: 'The link is text' })
      .trim()
      .max(LIMITS.sourceUrl, `A link can have at most ${LIMITS.sourceUrl.toLocaleString('en')} characters`)
      .pipe(z.url({ protocol: /^https?$/, error: 'Enter a link that starts with http:// or https://' }))
      .optional(),
  ),
  sentiment: z.preprocess(
    (v) => normaliseChoice(emptyToUndefined(v)),
    z.enum(SENTIMENTS, { error: `Sentiment is one of ${SENTIMENTS.join(', ')}` }).default('neutral'),
  ),
  observedOn: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: 'Enter the date as YYYY-MM-DD' })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD, for example 2026-03-31')
      .refine(isRealDate, 'This date does not exist')
      .refine((s) => s <= latestObservableDay(), 'The date observed cannot be in the future')
      .refine((s) => s >= '1900-01-01', 'The date observed is too far in the past')
      .optional(),
  ),
  touchpointIds: z
    .array(z.string({ error: 'Unknown touchpoint' }).trim().min(1, 'Unknown touchpoint').max(64, 'Unknown touchpoint'), { error: 'Touchpoints are a list of ids' })
    .max(LIMITS.touchpoints, `An insight can be linked to at most ${LIMITS.touchpoints} touchpoints`)
    .optional()
    .default([])
    .transform((list) => [...new Set(list)]),
  segments: z
    .array(segmentRefSchema, { error: 'Segments are a list of { mapId, segmentId }' })
    .max(LIMITS.segments, `An insight can concern at most ${LIMITS.segments} segments`)
    .optional()
    .default([])
    .transform((list) => {
      const seen = new Set<string>()
      return list.filter((s) => {
        const k = `${s.mapId}|${s.segmentId}`
        if (seen.has(k)) return false
        seen.add(k)
        return true
      })
    }),
  topics: topicsSchema.optional().default([]),
})

export type InsightInput = z.output<typeof insightInputSchema>
export type InsightInputRaw = z.input<typeof insightInputSchema>

export const resolutionSchema = z
  .string({ error: 'The resolution note is text' })
  .trim()
  .max(LIMITS.resolution, `A resolution note can have at most ${LIMITS.resolution.toLocaleString('en')} characters`)

/**
 * Closing an insight (actioned or dismissed) needs a resolution note: whoever
 * reads it later should learn what was done or why it was dropped. Merging a
 * duplicate writes its own note.
 */
export const STATUSES_NEEDING_NOTE: readonly InsightStatus[] = ['actioned', 'dismissed']
