import { describe, expect, it } from 'vitest'
import {
  aggregate,
  DEFAULT_WEIGHTS,
  estimatesSchema,
  myScoresSchema,
  priorityOf,
  quadrantOf,
  rank,
  reasonsFor,
  resolveWeights,
  valueOf,
  weightedScore,
  weightsSchema,
  journeyWeightOf,
  heaviestPlace,
  healthOf,
  type JourneyPlace,
  type Weights,
} from '@/lib/evaluation/model'
import { improveNextOf, type AnalysisData } from '@/lib/evaluation/ranking'

const only = (patch: Partial<Weights>): Weights => ({
  ...Object.fromEntries(Object.keys(DEFAULT_WEIGHTS).map((k) => [k, 0])),
  value: 1,
  ...patch,
}) as Weights

describe('health (0-100)', () => {
  it('is the weighted mean of the parts with data: KPIs, experience, complaints', () => {
    // Hand-computed: KPIs (1 + 0.5 + 0) / 3 = 0.5; experience (4 - 1) / 4 = 0.75; complaints 1 - 2/10 = 0.8
    // (3 × 0.5 + 2 × 0.75 + 1 × 0.8) / 6 = 0.6333 → 63.3
    expect(healthOf({ kpis: ['green', 'amber', 'red'], score: 4, negativeInsights: 2 }, DEFAULT_WEIGHTS)).toBe(63.3)
    // No KPI values: the part is left out. (2 × 0.75 + 1 × 0.8) / 3 = 0.7667
    expect(healthOf({ kpis: [], score: 4, negativeInsights: 2 }, DEFAULT_WEIGHTS)).toBe(76.7)
    // Complaints alone say too little.
    expect(healthOf({ kpis: [], score: null, negativeInsights: 0 }, DEFAULT_WEIGHTS)).toBeNull()
    expect(healthOf({ kpis: ['red'], score: null, negativeInsights: 12 }, DEFAULT_WEIGHTS)).toBe(0)
    expect(healthOf({ kpis: ['green'], score: 5, negativeInsights: 0 }, DEFAULT_WEIGHTS)).toBe(100)
  })

  it('enters the priority as (100 - health) / 100 with its own weight; weight 0 leaves the formula as it was', () => {
    const input = { score: 3, importance: 3, effort: 3, openInsights: 0 }
    expect(priorityOf({ ...input, health: 20 }, only({ health: 1 }))).toBe(80)
    const noHealth = { ...DEFAULT_WEIGHTS, health: 0 }
    expect(priorityOf({ ...input, health: 20 }, noHealth)).toBe(priorityOf(input, noHealth))
    expect(reasonsFor({ ...input, health: 30 }, DEFAULT_WEIGHTS)).toContainEqual({ kind: 'poorHealth', health: 30 })
    expect(reasonsFor({ ...input, health: 70 }, DEFAULT_WEIGHTS).some((r) => r.kind === 'poorHealth')).toBe(false)
  })
})

describe('aggregates', () => {
  it('gives mean, count, spread (population standard deviation) and range', () => {
    expect(aggregate([])).toEqual({ mean: null, count: 0, spread: null, min: null, max: null })
    expect(aggregate([4])).toEqual({ mean: 4, count: 1, spread: 0, min: 4, max: 4 })
    const a = aggregate([1, 5])
    expect(a).toMatchObject({ mean: 3, count: 2, min: 1, max: 5 })
    expect(a.spread).toBeCloseTo(2)
    expect(aggregate([2, 4, 4, 4, 5, 5, 7, 9]).spread).toBe(2)
  })

  it('weights the criterion means and leaves out unscored or zero-weighted criteria', () => {
    const w = { ...DEFAULT_WEIGHTS, value: 3, simplicity: 1, fit: 0 }
    expect(weightedScore({ value: 5, simplicity: 1, fit: 1 }, w)).toBeCloseTo((3 * 5 + 1 * 1) / 4)
    expect(weightedScore({ fit: 2 }, w)).toBeNull()
    expect(weightedScore({}, w)).toBeNull()
  })
})

describe('the priority formula (0-100)', () => {
  const top: JourneyPlace = { weight: 25, map: 'M', stage: 'Loyalty', stageWeight: 5, segment: 'Churn risk', goal: 'prevent_churn', priority: 1 }
  const worst = { score: 1, importance: 5, effort: 1, openInsights: 10, journey: top, health: 0 }
  const best = { score: 5, importance: 1, effort: 5, openInsights: 0, health: 100 }

  it('spans 0 to 100: an important, badly scored, cheap touchpoint with many insights is 100', () => {
    expect(priorityOf(worst, DEFAULT_WEIGHTS)).toBe(100)
    expect(priorityOf(best, DEFAULT_WEIGHTS)).toBe(0)
  })

  it('is none until someone scores; missing estimates count as the middle (3)', () => {
    expect(priorityOf({ score: null, importance: 5, effort: 1, openInsights: 4 }, DEFAULT_WEIGHTS)).toBeNull()
    expect(priorityOf({ score: 3, importance: null, effort: null, openInsights: 0 }, only({ importance: 1 }))).toBe(50)
    expect(priorityOf({ score: 3, importance: null, effort: null, openInsights: 0 }, only({ effort: 1 }))).toBe(50)
  })

  it('follows each weight alone exactly as defined', () => {
    const tp = { score: 2, importance: 4, effort: 2, openInsights: 3 }
    expect(priorityOf(tp, only({ importance: 1 }))).toBe(75) // (4-1)/4
    expect(priorityOf(tp, only({ gap: 2 }))).toBe(75) // (5-2)/4
    expect(priorityOf(tp, only({ insights: 5 }))).toBe(30) // 3/10
    expect(priorityOf(tp, only({ effort: 1 }))).toBe(75) // (5-2)/4
    // mixed: (1 x 0.75 + 1 x 0.3) / 2
    expect(priorityOf(tp, only({ importance: 1, insights: 1 }))).toBe(52.5)
  })

  it('caps open insights at ten', () => {
    expect(priorityOf({ score: 3, importance: 3, effort: 3, openInsights: 50 }, only({ insights: 1 }))).toBe(100)
  })

  it('swaps the order of two touchpoints when the weights change', () => {
    const cheap = { id: 'a', name: 'Cheap fix', score: 4, importance: 2, effort: 1, openInsights: 0 }
    const important = { id: 'b', name: 'Key page', score: 4, importance: 5, effort: 5, openInsights: 0 }
    const order = (w: Weights) => rank([cheap, important].map((t) => ({ ...t, priority: priorityOf(t, w) }))).map((t) => t.name)
    expect(order(only({ effort: 5, importance: 1 }))).toEqual(['Cheap fix', 'Key page'])
    expect(order(only({ effort: 1, importance: 5 }))).toEqual(['Key page', 'Cheap fix'])
  })

  it('values improving without the effort, and sorts into the four quadrants', () => {
    expect(valueOf({ score: 1, importance: 5, effort: 5, openInsights: 10, journey: top, health: 0 }, DEFAULT_WEIGHTS)).toBe(100)
    expect(valueOf({ score: 1, importance: 5, effort: 5, openInsights: 10, health: 0 }, DEFAULT_WEIGHTS)).toBe(83.3) // on no map: journey 0 of weight 2 in 12
    expect(quadrantOf(80, 1)).toBe('quickWins')
    expect(quadrantOf(80, 5)).toBe('majorProjects')
    expect(quadrantOf(20, 2)).toBe('fillIns')
    expect(quadrantOf(20, 4)).toBe('thanklessTasks')
  })

  it('explains the ranking with the reasons that weigh most', () => {
    const kinds = (w: Weights) => reasonsFor({ score: 1.5, importance: 5, effort: 1, openInsights: 4 }, w).map((r) => r.kind)
    expect(kinds(DEFAULT_WEIGHTS)).toEqual(['highImportance', 'lowScores', 'lowEffort', 'manyInsights'])
    expect(kinds(only({ importance: 1 }))).toEqual(['highImportance'])
    expect(reasonsFor({ score: 2.14, importance: null, effort: null, openInsights: 6 }, DEFAULT_WEIGHTS)).toEqual([
      { kind: 'lowScores', score: 2.1 },
      { kind: 'manyInsights', count: 6 },
    ])
    expect(reasonsFor({ score: 4.5, importance: 2, effort: 4, openInsights: 0 }, DEFAULT_WEIGHTS)).toEqual([])
  })
})

describe('ranking', () => {
  it('breaks ties by importance, then name, then id, and leaves out the unscored', () => {
    const rows = [
      { id: '3', name: 'B', priority: 50, importance: 3 },
      { id: '2', name: 'A', priority: 50, importance: 3 },
      { id: '1', name: 'A', priority: 50, importance: 3 },
      { id: '4', name: 'Z', priority: 50, importance: 5 },
      { id: '5', name: 'Top', priority: 90, importance: 1 },
      { id: '6', name: 'Unscored', priority: null, importance: 5 },
    ]
    expect(rank(rows).map((r) => r.id)).toEqual(['5', '4', '1', '2', '3'])
    expect(rank([...rows].reverse()).map((r) => r.id)).toEqual(['5', '4', '1', '2', '3'])
  })

  it('improve next lists active touchpoints only, filtered by map and stage', () => {
    const base = { means: { simplicity: 2, fit: null, relevance: null, value: null, appeal: null, personalisation: null, effectiveness: null }, people: 1, importance: 3, effort: 3, insights: 0, openInsights: 0, journey: null, kpis: [], negativeInsights: 0 }
    const data: AnalysisData = {
      weights: DEFAULT_WEIGHTS,
      maps: [],
      rows: [
        { ...base, id: 'a', name: 'Active on map', status: 'active', placements: [{ mapId: 'm1', stageId: 's1' }] },
        { ...base, id: 'b', name: 'Retired', status: 'retired', placements: [{ mapId: 'm1', stageId: 's1' }] },
        { ...base, id: 'c', name: 'Elsewhere', status: 'active', placements: [{ mapId: 'm2', stageId: 's9' }] },
      ],
    }
    expect(improveNextOf(data).map((r) => r.name)).toEqual(['Active on map', 'Elsewhere'])
    expect(improveNextOf(data, { mapId: 'm1' }).map((r) => r.name)).toEqual(['Active on map'])
    expect(improveNextOf(data, { mapId: 'm1', stageId: 's2' })).toEqual([])
  })
})

describe('input validation', () => {
  it('accepts 1-5 and clearing, refuses anything else with a clear message', () => {
    expect(myScoresSchema.parse({ touchpointId: 't', scores: { value: '4', fit: null, appeal: '' } }).scores).toEqual({ value: 4, fit: null, appeal: null })
    for (const bad of [0, 6, 2.5, 'high']) {
      const r = myScoresSchema.safeParse({ touchpointId: 't', scores: { value: bad } })
      expect(r.success).toBe(false)
      expect(r.error!.issues[0]!.message).toMatch(/score/)
    }
    expect(myScoresSchema.safeParse({ touchpointId: 't', scores: { beauty: 3 } }).success).toBe(false)
    expect(myScoresSchema.safeParse({ touchpointId: 't', scores: {} }).success).toBe(false)
    expect(estimatesSchema.safeParse({ touchpointId: 't', effort: 9 }).error!.issues[0]!.message).toBe('Effort is at most 5')
    expect(estimatesSchema.parse({ touchpointId: 't', importance: '5', effort: 'none' })).toEqual({ touchpointId: 't', importance: 5, effort: null })
  })

  it('weights are whole numbers 0-5 with at least one criterion and one factor above 0', () => {
    expect(weightsSchema.safeParse(DEFAULT_WEIGHTS).success).toBe(true)
    expect(weightsSchema.safeParse({ ...DEFAULT_WEIGHTS, value: 6 }).error!.issues[0]).toMatchObject({ path: ['value'], message: 'A weight is at most 5' })
    expect(weightsSchema.safeParse({ ...DEFAULT_WEIGHTS, value: -1 }).success).toBe(false)
    expect(weightsSchema.safeParse({ ...DEFAULT_WEIGHTS, value: 1.5 }).success).toBe(false)
    const noCriteria = weightsSchema.safeParse({ ...DEFAULT_WEIGHTS, simplicity: 0, fit: 0, relevance: 0, value: 0, appeal: 0, personalisation: 0, effectiveness: 0 })
    expect(noCriteria.error!.issues.map((i) => i.path[0])).toEqual(['criteria'])
    const noFactors = weightsSchema.safeParse({ ...DEFAULT_WEIGHTS, importance: 0, gap: 0, insights: 0, effort: 0, journey: 0, health: 0 })
    expect(noFactors.error!.issues.map((i) => i.path[0])).toEqual(['factors'])
    expect(weightsSchema.safeParse({ ...DEFAULT_WEIGHTS, importance: 0, gap: 0, insights: 0, effort: 0, journey: 1, health: 0 }).success).toBe(true)
    const noHealthParts = weightsSchema.safeParse({ ...DEFAULT_WEIGHTS, healthKpis: 0, healthExperience: 0, healthComplaints: 0 })
    expect(noHealthParts.error!.issues.map((i) => i.path[0])).toEqual(['healthParts'])
    expect(weightsSchema.safeParse({ ...DEFAULT_WEIGHTS, journey: 7 }).error!.issues[0]).toMatchObject({ path: ['journey'], message: 'A weight is at most 5' })
  })

  it('stored weights fall back to the defaults key by key', () => {
    expect(resolveWeights(null)).toEqual(DEFAULT_WEIGHTS)
    expect(resolveWeights({ value: 5, fit: 99, bogus: 1 })).toEqual({ ...DEFAULT_WEIGHTS, value: 5 })
  })
})

describe('the journey weight (persona weight x stage weight, the heaviest card)', () => {
  const place = (p: Partial<JourneyPlace> & { priority: number; stageWeight: number }): JourneyPlace => ({
    map: 'Map',
    stage: 'Stage',
    segment: 'Row',
    goal: 'win',
    ...p,
    weight: journeyWeightOf(p.priority, p.stageWeight),
  })

  it('weighs priority 1 as 5 and priority 5 as 1, times the stage weight', () => {
    expect(journeyWeightOf(1, 5)).toBe(25)
    expect(journeyWeightOf(4, 5)).toBe(10) // "develop" by default
    expect(journeyWeightOf(5, 1)).toBe(1)
    expect(journeyWeightOf(2, 0)).toBe(0)
    // Out of range values are held to the scales.
    expect(journeyWeightOf(0, 9)).toBe(25)
  })

  it('takes the heaviest of the cards across maps', () => {
    const cards = [place({ priority: 4, stageWeight: 5, map: 'A' }), place({ priority: 1, stageWeight: 3, map: 'B', stage: 'Loyalty' }), place({ priority: 2, stageWeight: 2 })]
    expect(heaviestPlace(cards)).toMatchObject({ weight: 15, map: 'B', stage: 'Loyalty' })
    expect(heaviestPlace([])).toBeNull()
  })

  // A hand-computed fixture. Weights: importance 3, gap 3, insights 2, effort 2, journey 2 (the defaults).
  // Touchpoint X: score 3, importance 3, effort 3, 2 open insights, on "Loyalty" (weight 5) of a "prevent churn" persona (priority 1).
  //   parts: importance 0.5, gap 0.5, insights 0.2, ease 0.5, journey 25/25 = 1
  //   priority = 100 x (3x0.5 + 3x0.5 + 2x0.2 + 2x0.5 + 2x1) / 12 = 100 x 6.4 / 12 = 53.3
  //   value    = 100 x (3x0.5 + 3x0.5 + 2x0.2 + 2x1) / 10 = 54
  // Touchpoint Y: the same, but its heaviest card is a "develop" persona (priority 4 -> 2) on that stage: journey 10/25 = 0.4
  //   priority = 100 x (4.4 + 0.8) / 12 = 43.3
  const x = { score: 3, importance: 3, effort: 3, openInsights: 2, journey: place({ priority: 1, stageWeight: 5, stage: 'Loyalty', segment: 'Churn risk', goal: 'prevent_churn' }) }
  const y = { ...x, journey: place({ priority: 4, stageWeight: 5, stage: 'Loyalty', segment: 'Growing teams', goal: 'develop' }) }

  // The journey factor alone, as before health: health weighted 0.
  const J = { ...DEFAULT_WEIGHTS, health: 0 }
  it('enters the priority and the value as one more factor, as computed by hand', () => {
    expect(priorityOf(x, J)).toBe(53.3)
    expect(valueOf(x, J)).toBe(54)
    expect(priorityOf(y, J)).toBe(43.3)
    expect(priorityOf({ ...x, journey: null }, J)).toBe(36.7) // 4.4 / 12
  })

  it('switched off (weight 0), ranks exactly as the four-part formula', () => {
    const off = { ...J, journey: 0 }
    // The four-part formula: 100 x (3x0.5 + 3x0.5 + 2x0.2 + 2x0.5) / 10 = 44
    expect(priorityOf(x, off)).toBe(44)
    expect(priorityOf(y, off)).toBe(44)
    expect(priorityOf({ ...x, journey: null }, off)).toBe(44)
    expect(reasonsFor(x, off).map((r) => r.kind)).not.toContain('journey')
  })

  it('names the card in the reasons when it weighs (12 or more)', () => {
    expect(reasonsFor(x, DEFAULT_WEIGHTS)).toContainEqual({ kind: 'journey', map: 'Map', stage: 'Loyalty', stageWeight: 5, segment: 'Churn risk', goal: 'prevent_churn' })
    expect(reasonsFor(y, DEFAULT_WEIGHTS).map((r) => r.kind)).not.toContain('journey')
  })
})
