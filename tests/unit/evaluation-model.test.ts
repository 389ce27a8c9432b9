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
  type Weights,
} from '@/lib/evaluation/model'
import { improveNextOf, type AnalysisData } from '@/lib/evaluation/ranking'

const only = (patch: Partial<Weights>): Weights => ({
  ...Object.fromEntries(Object.keys(DEFAULT_WEIGHTS).map((k) => [k, 0])),
  value: 1,
  ...patch,
}) as Weights

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
  const worst = { score: 1, importance: 5, effort: 1, openInsights: 10 }
  const best = { score: 5, importance: 1, effort: 5, openInsights: 0 }

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
    expect(valueOf({ score: 1, importance: 5, effort: 5, openInsights: 10 }, DEFAULT_WEIGHTS)).toBe(100)
    expect(quadrantOf(80, 1)).toBe('quickWins')
    expect(quadrantOf(80, 5)).toBe('majorProjects')
    expect(quadrantOf(20, 2)).toBe('fillIns')
    expect(quadrantOf(20, 4)).toBe('thanklessTasks')
  })

  it('explains the ranking with the reasons that weigh most', () => {
    expect(reasonsFor({ score: 1.5, importance: 5, effort: 1, openInsights: 4 }, DEFAULT_WEIGHTS)).toEqual(['highImportance', 'lowScores', 'lowEffort', 'manyInsights'])
    expect(reasonsFor({ score: 1.5, importance: 5, effort: 1, openInsights: 4 }, only({ importance: 1 }))).toEqual(['highImportance'])
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
    const base = { means: { simplicity: 2, fit: null, relevance: null, value: null, appeal: null, personalisation: null, effectiveness: null }, people: 1, importance: 3, effort: 3, insights: 0, openInsights: 0 }
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
    const noFactors = weightsSchema.safeParse({ ...DEFAULT_WEIGHTS, importance: 0, gap: 0, insights: 0, effort: 0 })
    expect(noFactors.error!.issues.map((i) => i.path[0])).toEqual(['factors'])
  })

  it('stored weights fall back to the defaults key by key', () => {
    expect(resolveWeights(null)).toEqual(DEFAULT_WEIGHTS)
    expect(resolveWeights({ value: 5, fit: 99, bogus: 1 })).toEqual({ ...DEFAULT_WEIGHTS, value: 5 })
  })
})
