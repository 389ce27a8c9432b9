import { z } from 'zod'

/**
 * KPIs: a metric's vocabulary, limits and presets, and the one rule that turns
 * a value into green, amber or red. The form, the CSV import, the API, the
 * touchpoint page, the map badge and the threshold events all use these.
 */

export const DIRECTIONS = ['higher', 'lower'] as const
export type Direction = (typeof DIRECTIONS)[number]

export const METRIC_STATUSES = ['green', 'amber', 'red'] as const
export type MetricStatus = (typeof METRIC_STATUSES)[number]

export const METRIC_LIMITS = { name: 80, unit: 20, description: 1_000, segment: 80, source: 80, batch: 1_000, perWorkspace: 200 } as const

/** Starting points the form offers (seed 000: satisfaction after purchase; uptime, responsiveness, speed). */
export const METRIC_PRESETS = {
  nps: { name: 'NPS', unit: 'points', direction: 'higher', target: 40, alertAt: 0 },
  csat: { name: 'CSAT', unit: '%', direction: 'higher', target: 85, alertAt: 70 },
  ces: { name: 'Customer effort (CES)', unit: 'points', direction: 'lower', target: 2, alertAt: 3.5 },
  conversion: { name: 'Conversion rate', unit: '%', direction: 'higher', target: 3, alertAt: 1.5 },
  response_time: { name: 'Response time', unit: 'min', direction: 'lower', target: 60, alertAt: 240 },
  volume: { name: 'Volume', unit: 'count', direction: 'higher', target: 1000, alertAt: null },
  uptime: { name: 'Uptime', unit: '%', direction: 'higher', target: 99.9, alertAt: 99 },
} as const satisfies Record<string, { name: string; unit: string; direction: Direction; target: number; alertAt: number | null }>
export type MetricPreset = keyof typeof METRIC_PRESETS
export const PRESET_KEYS = Object.keys(METRIC_PRESETS) as MetricPreset[]

/** A number from JSON or a form field ("12.5"; "" is absent). */
const toNumber = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim())) : v)
const finite = (what: string) =>
  z.preprocess(toNumber, z.number({ error: `${what} must be a number` }).refine((n) => Number.isFinite(n), `${what} must be a finite number (not NaN or infinity)`))
const optionalFinite = (what: string) =>
  z.preprocess((v) => toNumber(v) ?? null, z.number({ error: `${what} must be a number` }).refine((n) => Number.isFinite(n), `${what} must be a finite number (not NaN or infinity)`).nullable())

export const metricInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the metric a name').max(METRIC_LIMITS.name, `A name has at most ${METRIC_LIMITS.name} characters`),
    unit: z.string().trim().min(1, 'Enter the unit its values are in (%, ms, points…)').max(METRIC_LIMITS.unit, `A unit has at most ${METRIC_LIMITS.unit} characters`),
    direction: z.enum(DIRECTIONS, { error: 'Choose whether higher or lower is better' }),
    target: finite('The target'),
    alertAt: optionalFinite('The alert threshold'),
    preset: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(PRESET_KEYS as [MetricPreset, ...MetricPreset[]]).nullable()),
    description: z.string().trim().max(METRIC_LIMITS.description, `A description has at most ${METRIC_LIMITS.description} characters`).default(''),
  })
  .superRefine((m, ctx) => {
    if (m.alertAt === null) return
    const wrongSide = m.direction === 'higher' ? m.alertAt > m.target : m.alertAt < m.target
    if (wrongSide)
      ctx.addIssue({
        code: 'custom',
        path: ['alertAt'],
        message: m.direction === 'higher' ? 'Higher is better: the alert threshold must be at or below the target' : 'Lower is better: the alert threshold must be at or above the target',
      })
  })
export type MetricInput = z.infer<typeof metricInputSchema>

export type Metric = MetricInput & { id: string }

/**
 * Green when the value meets the target; red at or past the alert threshold;
 * amber between. Without a threshold: amber within 10% of the target (at
 * least 0.01), red beyond.
 */
export function statusOf(m: Pick<Metric, 'direction' | 'target' | 'alertAt'>, value: number): MetricStatus {
  const sign = m.direction === 'higher' ? 1 : -1
  // "How much better than x is the value": positive is better, whichever the direction.
  const over = (x: number) => sign * (value - x)
  if (over(m.target) >= 0) return 'green'
  if (m.alertAt !== null && m.alertAt !== undefined) return over(m.alertAt) > 0 ? 'amber' : 'red'
  return over(m.target - sign * Math.max(Math.abs(m.target) * 0.1, 0.01)) >= 0 ? 'amber' : 'red'
}

const isoInstant = (what: string) =>
  z
    .string({ error: `${what} is required (a date, 2026-03-01, or a time, 2026-03-01T08:00:00Z)` })
    .trim()
    .refine((s) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), `${what} must be a date (2026-03-01) or a time (2026-03-01T08:00:00Z)`)
    .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s))

/** One value as the API, the form and the CSV send it: a period (start and end, dates or times, UTC when no zone is given; start = end for a point in time), a segment ('' for all customers). */
export const metricValueInputSchema = z
  .object({
    metricId: z.string({ error: 'Name the metric (metricId)' }).uuid('metricId is not a metric id'),
    touchpointId: z.string({ error: 'Name the touchpoint (touchpointId)' }).trim().min(1, 'Name the touchpoint (touchpointId)').max(200, 'touchpointId is too long'),
    value: z.unknown().transform((v, ctx) => {
      const bad = (message: string) => {
        ctx.addIssue({ code: 'custom', message })
        return z.NEVER
      }
      if (typeof v === 'number') return Number.isFinite(v) ? v : bad('value must be a finite number (not NaN or infinity)')
      if (typeof v !== 'string') return bad(v === undefined || v === null ? 'Enter a value' : 'value must be a number')
      const text = v.trim()
      if (text === '') return bad('Enter a value')
      if (/^[+-]?(nan|inf(inity)?)$/i.test(text)) return bad('value must be a finite number (not NaN or infinity)')
      const n = Number(text)
      if (Number.isNaN(n)) return bad(`value must be a number, not "${text.slice(0, 40)}"`)
      return Number.isFinite(n) ? n : bad('value must be a finite number (not NaN or infinity)')
    }),
    periodStart: isoInstant('periodStart'),
    periodEnd: isoInstant('periodEnd'),
    unit: z.string().trim().max(METRIC_LIMITS.unit).optional(),
    segment: z.string().trim().max(METRIC_LIMITS.segment, `A segment has at most ${METRIC_LIMITS.segment} characters`).default(''),
    source: z.string().trim().max(METRIC_LIMITS.source, `A source has at most ${METRIC_LIMITS.source} characters`).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.periodStart instanceof Date && v.periodEnd instanceof Date && v.periodEnd.getTime() < v.periodStart.getTime()) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'The period ends before it starts' })
  })
export type MetricValueInput = z.infer<typeof metricValueInputSchema>

/** The API's batch: 1 to 1,000 values, all or nothing. */
export const metricValuesBatchSchema = z.object({
  values: z
    .array(metricValueInputSchema, { error: 'values is a list of values' })
    .min(1, 'Send at least one value')
    .max(METRIC_LIMITS.batch, `Send at most ${METRIC_LIMITS.batch} values per request; split larger batches`),
})
