import { describe, expect, it } from 'vitest'
import {
  INSIGHT_SOURCE_LABELS,
  INSIGHT_SOURCES,
  INSIGHT_STATUS_LABELS,
  INSIGHT_STATUSES,
  INSIGHT_TYPE_LABELS,
  INSIGHT_TYPES,
  insightInputSchema,
  SENTIMENT_LABELS,
  SENTIMENTS,
} from '@/lib/insights/model'
import en from '@/messages/en/insights.json'

const base = { title: 'Waits', type: 'complaint', source: 'support' }
const errorsOf = (input: Record<string, unknown>) => {
  const r = insightInputSchema.safeParse({ ...base, ...input })
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]))
}

describe('insight vocabulary', () => {
  it('has a label, in code and in the UI messages, for every value', () => {
    expect(Object.keys(INSIGHT_TYPE_LABELS)).toEqual([...INSIGHT_TYPES])
    expect(Object.keys(INSIGHT_SOURCE_LABELS)).toEqual([...INSIGHT_SOURCES])
    expect(Object.keys(SENTIMENT_LABELS)).toEqual([...SENTIMENTS])
    expect(Object.keys(INSIGHT_STATUS_LABELS)).toEqual([...INSIGHT_STATUSES])
    expect(Object.keys(en.types)).toEqual([...INSIGHT_TYPES])
    expect(Object.keys(en.sources)).toEqual([...INSIGHT_SOURCES])
    expect(Object.keys(en.statuses)).toEqual([...INSIGHT_STATUSES])
    expect(INSIGHT_SOURCE_LABELS.support).toBe('Support or hotline')
  })
})

describe('insightInputSchema', () => {
  it('accepts people’s spellings of choices and cleans topics', () => {
    const v = insightInputSchema.parse({ ...base, type: 'Customer insight', source: 'Sales-Conversation', sentiment: 'POSITIVE', topics: ['  Price ', 'price', 'Delivery'] })
    expect(v).toMatchObject({ type: 'customer_insight', source: 'sales_conversation', sentiment: 'positive', topics: ['price', 'delivery'] })
  })

  it('only takes http(s) links, real dates not in the future, and bounded lists', () => {
    expect(errorsOf({ sourceUrl: 'javascript:alert(1)' })).toHaveProperty('sourceUrl')
    expect(errorsOf({ sourceUrl: 'ftp://example.com/x' })).toHaveProperty('sourceUrl')
    expect(errorsOf({ sourceUrl: 'https://example.com/review/1' })).toEqual({})
    expect(errorsOf({ sourceUrl: '' })).toEqual({})
    expect(errorsOf({ observedOn: '2026-02-30' })).toHaveProperty('observedOn')
    expect(errorsOf({ observedOn: '31.01.2026' })).toHaveProperty('observedOn')
    expect(errorsOf({ observedOn: `${new Date().getUTCFullYear() + 1}-01-01` })).toHaveProperty('observedOn')
    expect(errorsOf({ touchpointIds: Array.from({ length: 51 }, (_, i) => `t${i}`) })).toHaveProperty('touchpointIds')
    expect(errorsOf({ topics: ['x'.repeat(41)] })).toHaveProperty('topics.0')
    expect(errorsOf({ title: 'x'.repeat(201) })).toHaveProperty('title')
    expect(errorsOf({ body: 'x'.repeat(10_001) })).toHaveProperty('body')
    expect(errorsOf({ segments: [{ mapId: 'not-a-uuid', segmentId: 's' }] })).toHaveProperty('segments.0.mapId')
  })
})
