/**
 * Evaluating and prioritising touchpoints (DOMAIN.md): the criteria, their
 * scales, the workspace's weights and the one priority formula. Pure: the
 * server ranks with it and the analysis page previews draft weights with it.
 *
 * Definitions (the analysis page shows them to people, in these words):
 * - Each person scores a touchpoint 1 to 5 per criterion. Per criterion:
 *   mean, count (people) and spread = the population standard deviation of
 *   the scores (0 when one person scored).
 * - Weighted score (1 to 5) = the criterion means weighted by the criterion
 *   weights; criteria nobody scored, or weighted 0, are left out. None when no
 *   weighted criterion has a score.
 * - Importance and effort: one estimate each per touchpoint, 1 to 5. Not
 *   estimated counts as the middle, 3.
 * - Open insights: linked insights that are new or in review (not actioned,
 *   dismissed or merged), counted up to INSIGHT_CAP.
 * - Journey weight (0 to 25): where the touchpoint stands on the journeys.
 *   Each card gives persona weight x stage weight, where persona weight =
 *   6 - the persona's (or map-only segment's) priority (priority 1, the
 *   highest, weighs 5; priority 5 weighs 1) and stage weight is the stage's
 *   importance weight (0 to 5). The touchpoint takes its highest card across
 *   every map that is not archived or deleted; 0 when it is on none.
 * - Health (0 to 100): how the touchpoint is doing, from what is measured
 *   and said about it = 100 x the weighted mean of the parts it has data for:
 *     KPIs        the mean of its KPIs' latest status (green 1, amber 0.5, red 0)
 *     experience  (weighted score - 1) / 4
 *     complaints  1 - min(open negative insights, 10) / 10
 *   weighted by the health weights (KPIs 3, experience 2, complaints 1 by
 *   default); a touchpoint with no KPI values leaves that part out. None when
 *   it has no part at all.
 * - Priority (0 to 100) = 100 x the weighted mean of six parts, each 0 to 1:
 *     importance  (importance - 1) / 4
 *     gap         (5 - weighted score) / 4      how far from excellent
 *     insights    min(open insights, 10) / 10
 *     ease        (5 - effort) / 4              low effort ranks higher
 *     journey     journey weight / 25
 *     health      (100 - health) / 100          poor health ranks higher
 *   weighted by the importance, gap, insights, effort, journey and health
 *   weights (journey and health 0 give exactly the four-part formula). A
 *   touchpoint gets a priority once it has a weighted score.
 * - Value of improving (0 to 100, the matrix's vertical axis) = the same
 *   without the ease part: what improving it is worth, before its cost.
 */
import { z } from 'zod'
import type { StrategicGoal } from '@/lib/maps/model'

export const CRITERIA = ['simplicity', 'fit', 'relevance', 'value', 'appeal', 'personalisation', 'effectiveness'] as const
export type Criterion = (typeof CRITERIA)[number]

/** What each criterion asks (DOMAIN.md "Evaluating and prioritising"). The UI text lives in messages/en/evaluation.json. */
export const CRITERION_INFO: Record<Criterion, { label: string; question: string }> = {
  simplicity: { label: 'Simplicity', question: 'Is it easy to understand and use?' },
  fit: { label: 'Fit', question: 'Does it suit the channel and the audience?' },
  relevance: { label: 'Relevance', question: 'Is it what the customer expects at this stage?' },
  value: { label: 'Value', question: 'Is it significant and useful to the customer?' },
  appeal: { label: 'Appeal', question: 'Does it give the customer what they want?' },
  personalisation: { label: 'Personalisation', question: 'Is it tailored to the individual?' },
  effectiveness: { label: 'Effectiveness', question: 'Does it achieve what it is there for?' },
}

export const SCORE_MIN = 1
export const SCORE_MAX = 5
export const WEIGHT_MAX = 5
/** Open insights beyond this many add no more priority. */
export const INSIGHT_CAP = 10
/** Estimates nobody made count as the middle of the scale. */
export const NEUTRAL_ESTIMATE = 3

export const FACTORS = ['importance', 'gap', 'insights', 'effort', 'journey', 'health'] as const
export type Factor = (typeof FACTORS)[number]

/** The parts of a touchpoint's health, each with its own weight (see the definitions at the top). */
export const HEALTH_PARTS = ['healthKpis', 'healthExperience', 'healthComplaints'] as const
export type HealthPart = (typeof HEALTH_PARTS)[number]

export type Weights = Record<Criterion | Factor | HealthPart, number>

export const DEFAULT_WEIGHTS: Weights = {
  simplicity: 1,
  fit: 1,
  relevance: 1,
  value: 2,
  appeal: 1,
  personalisation: 1,
  effectiveness: 2,
  importance: 3,
  gap: 3,
  insights: 2,
  effort: 2,
  journey: 2,
  health: 2,
  healthKpis: 3,
  healthExperience: 2,
  healthComplaints: 1,
}

/** Stored weights (possibly partial or from an older version) over the defaults; out-of-range values fall back to the default. */
export function resolveWeights(stored: Record<string, unknown> | null | undefined): Weights {
  const out = { ...DEFAULT_WEIGHTS }
  if (!stored) return out
  for (const k of Object.keys(out) as (keyof Weights)[]) {
    const v = stored[k]
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= WEIGHT_MAX) out[k] = v
  }
  return out
}

// ---- input schemas ---------------------------------------------------------

/** `subject` starts the sentence ("A score"), `what` follows "Choose" ("a score"). */
const rating = (subject: string, what: string) =>
  z.coerce
    .number({ error: `Choose ${what} from ${SCORE_MIN} to ${SCORE_MAX}` })
    .int(`${subject} is a whole number from ${SCORE_MIN} to ${SCORE_MAX}`)
    .min(SCORE_MIN, `${subject} is at least ${SCORE_MIN}`)
    .max(SCORE_MAX, `${subject} is at most ${SCORE_MAX}`)

/** A score, an importance or an effort: 1-5, or '' / null to clear it. */
const clearable = (subject: string, what: string) =>
  z.preprocess(
    (v) => (v === '' || v === 'none' ? null : v),
    z.union([z.null(), rating(subject, what)], { error: `Choose ${what} from ${SCORE_MIN} to ${SCORE_MAX}` }),
  )

export const touchpointIdSchema = z.string({ error: 'Choose a touchpoint' }).trim().min(1, 'Choose a touchpoint').max(64, 'Unknown touchpoint')

export const scoreSchema = clearable('A score', 'a score')
export const importanceSchema = clearable('Importance', 'the importance')
export const effortSchema = clearable('Effort', 'the effort')

/** My scores for one touchpoint: the criteria sent are set (a number) or cleared (null); the others stay. */
export const myScoresSchema = z
  .object({
    touchpointId: touchpointIdSchema,
    scores: z.object(Object.fromEntries(CRITERIA.map((c) => [c, scoreSchema.optional()])) as Record<Criterion, z.ZodOptional<typeof scoreSchema>>, {
      error: 'Send the scores to change',
    }).strict(),
  })
  .refine((v) => Object.keys(v.scores).length > 0, { message: 'Score at least one criterion', path: ['scores'] })

export const estimatesSchema = z
  .object({ touchpointId: touchpointIdSchema, importance: importanceSchema.optional(), effort: effortSchema.optional() })
  .refine((v) => v.importance !== undefined || v.effort !== undefined, { message: 'Set the importance or the effort', path: ['importance'] })

const weight = (what: string) =>
  z.coerce
    .number({ error: `Give ${what} a weight from 0 to ${WEIGHT_MAX}` })
    .int(`A weight is a whole number from 0 to ${WEIGHT_MAX}`)
    .min(0, `A weight is at least 0`)
    .max(WEIGHT_MAX, `A weight is at most ${WEIGHT_MAX}`)

export const weightsSchema = z
  .object({
    ...(Object.fromEntries(CRITERIA.map((c) => [c, weight(CRITERION_INFO[c].label.toLowerCase())])) as Record<Criterion, ReturnType<typeof weight>>),
    importance: weight('importance'),
    gap: weight('the score gap'),
    insights: weight('open insights'),
    effort: weight('effort'),
    journey: weight('the journey weight'),
    health: weight('health'),
    healthKpis: weight('the KPIs'),
    healthExperience: weight('the experience scores'),
    healthComplaints: weight('open complaints'),
  })
  .superRefine((w, ctx) => {
    if (CRITERIA.every((c) => w[c] === 0)) ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'Give at least one criterion a weight above 0' })
    if (FACTORS.every((f) => w[f] === 0)) ctx.addIssue({ code: 'custom', path: ['factors'], message: 'Give at least one of importance, gap, insights, effort, journey or health a weight above 0' })
    if (HEALTH_PARTS.every((h) => w[h] === 0)) ctx.addIssue({ code: 'custom', path: ['healthParts'], message: 'Give at least one part of health a weight above 0' })
  })

// ---- aggregates and the priority --------------------------------------------

export type CriterionAggregate = { mean: number | null; count: number; spread: number | null; min: number | null; max: number | null }

/** Mean, count, spread (population standard deviation) and range of one criterion's scores. */
export function aggregate(scores: readonly number[]): CriterionAggregate {
  if (scores.length === 0) return { mean: null, count: 0, spread: null, min: null, max: null }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length
  const variance = scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length
  return { mean, count: scores.length, spread: Math.sqrt(variance), min: Math.min(...scores), max: Math.max(...scores) }
}

/** The criterion means weighted by the criterion weights (1-5), or null when no weighted criterion has a score. */
export function weightedScore(means: Partial<Record<Criterion, number | null>>, weights: Weights): number | null {
  let sum = 0
  let total = 0
  for (const c of CRITERIA) {
    const m = means[c]
    if (m == null || weights[c] <= 0) continue
    sum += weights[c] * m
    total += weights[c]
  }
  return total > 0 ? sum / total : null
}

/** Persona weight x stage weight of one card can reach 5 x 5. */
export const JOURNEY_MAX = 25
/** A journey weight from here up is named among the reasons (e.g. priority 2 on a stage weighted 3). */
export const JOURNEY_REASON_AT = 12

/** The card that gives a touchpoint its journey weight: the highest persona weight x stage weight of its placements. */
export type JourneyPlace = {
  weight: number
  map: string
  stage: string
  stageWeight: number
  segment: string
  goal: StrategicGoal
  priority: number
}

/** Persona weight x stage weight of one card (see the definitions at the top). */
export function journeyWeightOf(segmentPriority: number, stageWeight: number): number {
  const persona = 6 - Math.min(5, Math.max(1, Math.round(segmentPriority)))
  return persona * Math.min(5, Math.max(0, stageWeight))
}

/** The heaviest of a touchpoint's cards (the first of equals), or null when it has none. */
export function heaviestPlace<T extends JourneyPlace>(places: readonly T[]): T | null {
  let best: T | null = null
  for (const p of places) if (!best || p.weight > best.weight) best = p
  return best
}

export type PriorityInput = {
  /** The weighted score, 1-5, or null when not evaluated. */
  score: number | null
  importance: number | null
  effort: number | null
  openInsights: number
  /** Its heaviest card on a journey; none counts as 0. */
  journey?: JourneyPlace | null
  /** Its health, 0-100 (healthOf); none counts as full health. */
  health?: number | null
}

export type HealthInput = {
  /** The latest status of each of its KPIs that has a value. */
  kpis: readonly ('green' | 'amber' | 'red')[]
  /** The weighted score, 1-5, or null. */
  score: number | null
  /** Open insights with a negative sentiment. */
  negativeInsights: number
}

const STATUS_VALUE = { green: 1, amber: 0.5, red: 0 } as const

/** Each part of the health that has data, 0 to 1 (see the definitions at the top). */
export function healthParts(input: HealthInput): Partial<Record<HealthPart, number>> {
  const out: Partial<Record<HealthPart, number>> = {}
  if (input.kpis.length) out.healthKpis = input.kpis.reduce((a, s) => a + STATUS_VALUE[s], 0) / input.kpis.length
  if (input.score != null) out.healthExperience = (input.score - 1) / 4
  out.healthComplaints = 1 - Math.min(Math.max(input.negativeInsights, 0), INSIGHT_CAP) / INSIGHT_CAP
  return out
}

/** Health, 0 to 100 (one decimal), or null when no weighted part has data. */
export function healthOf(input: HealthInput, weights: Weights): number | null {
  const parts = healthParts(input)
  let sum = 0
  let total = 0
  for (const h of HEALTH_PARTS) {
    const v = parts[h]
    if (v === undefined || weights[h] <= 0) continue
    sum += weights[h] * v
    total += weights[h]
  }
  // Complaints alone (no KPI, no score) say too little to call it healthy.
  if (total <= 0 || (parts.healthKpis === undefined && parts.healthExperience === undefined)) return null
  return Math.round((1000 * sum) / total) / 10
}

/** A health below this is named among the reasons. */
export const HEALTH_REASON_BELOW = 50

export type PriorityParts = Record<'importance' | 'gap' | 'insights' | 'ease' | 'journey' | 'health', number>

/** Each part of the priority, 0 to 1 (see the definitions at the top). */
export function priorityParts(input: PriorityInput): PriorityParts | null {
  if (input.score == null) return null
  const importance = input.importance ?? NEUTRAL_ESTIMATE
  const effort = input.effort ?? NEUTRAL_ESTIMATE
  return {
    importance: (importance - 1) / 4,
    gap: (SCORE_MAX - input.score) / 4,
    insights: Math.min(Math.max(input.openInsights, 0), INSIGHT_CAP) / INSIGHT_CAP,
    ease: (SCORE_MAX - effort) / 4,
    journey: Math.min(Math.max(input.journey?.weight ?? 0, 0), JOURNEY_MAX) / JOURNEY_MAX,
    health: input.health == null ? 0 : (100 - Math.min(Math.max(input.health, 0), 100)) / 100,
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10

/** Priority, 0 to 100 (one decimal), or null for a touchpoint nobody has scored. */
export function priorityOf(input: PriorityInput, weights: Weights): number | null {
  const p = priorityParts(input)
  if (!p) return null
  const total = weights.importance + weights.gap + weights.insights + weights.effort + weights.journey + weights.health
  if (total <= 0) return null
  return round1(
    (100 * (weights.importance * p.importance + weights.gap * p.gap + weights.insights * p.insights + weights.effort * p.ease + weights.journey * p.journey + weights.health * p.health)) / total,
  )
}

/** What improving it is worth, 0 to 100: the priority without the ease part (the matrix's vertical axis). */
export function valueOf(input: PriorityInput, weights: Weights): number | null {
  const p = priorityParts(input)
  if (!p) return null
  const total = weights.importance + weights.gap + weights.insights + weights.journey + weights.health
  if (total <= 0) return null
  return round1((100 * (weights.importance * p.importance + weights.gap * p.gap + weights.insights * p.insights + weights.journey * p.journey + weights.health * p.health)) / total)
}

/** Why a touchpoint ranks where it does, with the figures that say it (the UI words them: messages evaluation.reasons). */
export type Reason =
  | { kind: 'lowScores'; score: number }
  | { kind: 'highImportance'; importance: number }
  | { kind: 'manyInsights'; count: number }
  | { kind: 'lowEffort'; effort: number }
  | { kind: 'journey'; map: string; stage: string; stageWeight: number; segment: string; goal: StrategicGoal }
  | { kind: 'poorHealth'; health: number }

/** Why a touchpoint ranks where it does, in the order of what weighs most for it. */
export function reasonsFor(input: PriorityInput, weights: Weights): Reason[] {
  const p = priorityParts(input)
  if (!p) return []
  const out: { r: Reason; w: number }[] = []
  if (input.score != null && input.score <= 3) out.push({ r: { kind: 'lowScores', score: round1(input.score) }, w: weights.gap * p.gap })
  if (input.importance != null && input.importance >= 4) out.push({ r: { kind: 'highImportance', importance: input.importance }, w: weights.importance * p.importance })
  if (input.openInsights >= 3) out.push({ r: { kind: 'manyInsights', count: input.openInsights }, w: weights.insights * p.insights })
  if (input.effort != null && input.effort <= 2) out.push({ r: { kind: 'lowEffort', effort: input.effort }, w: weights.effort * p.ease })
  const j = input.journey
  if (j && j.weight >= JOURNEY_REASON_AT) out.push({ r: { kind: 'journey', map: j.map, stage: j.stage, stageWeight: j.stageWeight, segment: j.segment, goal: j.goal }, w: weights.journey * p.journey })
  if (input.health != null && input.health < HEALTH_REASON_BELOW) out.push({ r: { kind: 'poorHealth', health: input.health }, w: weights.health * p.health })
  return out.filter((o) => o.w > 0).sort((a, b) => b.w - a.w).map((o) => o.r)
}

export type Quadrant = 'quickWins' | 'majorProjects' | 'fillIns' | 'thanklessTasks'
export const VALUE_THRESHOLD = 50

/** The prioritisation matrix: high value and low effort are quick wins; effort 3 and value 50 are the middle lines. */
export function quadrantOf(value: number, effort: number): Quadrant {
  const high = value >= VALUE_THRESHOLD
  const easy = effort <= NEUTRAL_ESTIMATE
  return high ? (easy ? 'quickWins' : 'majorProjects') : easy ? 'fillIns' : 'thanklessTasks'
}

export type Rankable = { id: string; name: string; priority: number | null; importance: number | null }

/** Highest priority first; ties by importance, then name, then id (stable for the same data). Unscored touchpoints are left out. */
export function rank<T extends Rankable>(rows: readonly T[]): T[] {
  return rows
    .filter((r) => r.priority != null)
    .sort(
      (a, b) =>
        b.priority! - a.priority! ||
        (b.importance ?? NEUTRAL_ESTIMATE) - (a.importance ?? NEUTRAL_ESTIMATE) ||
        a.name.localeCompare(b.name, 'en') ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
}
