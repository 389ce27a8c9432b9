/**
 * The distribution analysis against a map whose figures were worked out by
 * hand (the comments give the sums).
 */
import { describe, expect, it } from 'vitest'
import { analyseDistribution, trendOf, type DistributionInput, type TouchpointFacts } from '@/lib/analysis/distribution'
import { analysisTable, tableToCsv } from '@/lib/analysis/tables'

const tp = (id: string, name: string, over: Partial<TouchpointFacts> = {}): TouchpointFacts => ({
  id,
  name,
  kind: 'communication',
  ownership: 'owned',
  control: 'direct',
  status: 'active',
  ownerUserId: null,
  ownerDepartmentId: null,
  generatesData: false,
  passesDataOn: false,
  score: null,
  openInsights: 0,
  ...over,
})

const zeros = (n: number) => new Array<number>(n).fill(0)

// Map M: stages A (weight 5), B (1), C (4): 10 in all. Segments X and Y.
const input: DistributionInput = {
  mapId: 'M',
  maps: [
    {
      id: 'M',
      name: 'Retail',
      stages: [
        { id: 'A', name: 'Awareness', weight: 5 },
        { id: 'B', name: 'Billing', weight: 1 },
        { id: 'C', name: 'Care', weight: 4 },
      ],
      segments: [
        { id: 'X', name: 'Families' },
        { id: 'Y', name: 'Students' },
      ],
    },
    { id: 'N', name: 'B2B', stages: [{ id: 'A', name: 'Awareness', weight: 3 }], segments: [{ id: 'X', name: 'Buyers' }] },
  ],
  placements: [
    { mapId: 'M', stageId: 'A', segmentId: 'X', touchpointId: 't1' },
    { mapId: 'M', stageId: 'A', segmentId: 'Y', touchpointId: 't1' },
    { mapId: 'M', stageId: 'B', segmentId: 'X', touchpointId: 't1' },
    { mapId: 'M', stageId: 'B', segmentId: 'X', touchpointId: 't3' },
    { mapId: 'M', stageId: 'B', segmentId: 'Y', touchpointId: 't4' },
    { mapId: 'M', stageId: 'B', segmentId: 'Y', touchpointId: 't5' },
    { mapId: 'M', stageId: 'C', segmentId: 'X', touchpointId: 't2' },
    { mapId: 'M', stageId: 'C', segmentId: 'Y', touchpointId: 't6' }, // retired: left out, so C|Y is empty
    { mapId: 'N', stageId: 'A', segmentId: 'X', touchpointId: 't2' },
  ],
  touchpoints: [
    tp('t1', 'Website', { score: 2, ownerUserId: 'u1', ownerDepartmentId: 'd1', generatesData: true, passesDataOn: true, openInsights: 3 }),
    tp('t2', 'Store', { score: 4.5, ownerUserId: 'u1', kind: 'physical', generatesData: true }),
    tp('t3', 'Invoice', { ownerDepartmentId: 'd1' }),
    tp('t4', 'Newsletter', { score: 3.5 }),
    tp('t5', 'Ad', { score: 3, ownerUserId: 'u2', ownership: 'paid', openInsights: 1 }),
    tp('t6', 'Fax', { status: 'retired', score: 1 }),
    tp('t7', 'Podcast', { ownership: 'earned', control: 'indirect' }),
  ],
  people: [
    { id: 'u1', name: 'Ada' },
    { id: 'u2', name: 'Bo' },
  ],
  departments: [{ id: 'd1', name: 'Sales' }],
  pressure: [
    { touchpointId: 't1', weeks: [...zeros(4), 1, 1, 1, 1, 2, 2, 2, 2], negative: 6 },
    { touchpointId: 't2', weeks: [...zeros(5), 3, ...zeros(6)], negative: 0 },
    { touchpointId: 't6', weeks: [...zeros(11), 9], negative: 9 },
    { touchpointId: 't7', weeks: [...zeros(11), 1], negative: 1 },
  ],
  weekStarts: Array.from({ length: 12 }, (_, i) => `2026-W${i}`),
}

describe('distribution analysis of one map', () => {
  const d = analyseDistribution(input)

  it('sums the interactions of each cell’s touchpoints, to shade by volume instead of counts', () => {
    const v = analyseDistribution({ ...input, volumes: new Map([['t1', 100], ['t3', 5], ['t6', 999]]) }).heatmap!
    // A|X and A|Y hold t1; B|X holds t1 and t3; the retired t6 counts nowhere.
    expect(v.stages.map((s) => s.cells.map((c) => c.volume))).toEqual([
      [100, 100],
      [105, 0],
      [0, 0],
    ])
    expect(v.maxVolume).toBe(105)
    expect(d.heatmap!.maxVolume).toBe(0)
  })

  it('counts each cell and stage, with shares against the weights, and flags empty cells on important stages', () => {
    const h = d.heatmap!
    expect(h.stages.map((s) => s.cells.map((c) => c.count))).toEqual([
      [1, 1],
      [2, 2],
      [1, 0],
    ])
    // Stage touchpoints: A {t1} 1, B {t1,t3,t4,t5} 4, C {t2} 1: 6 in all.
    expect(h.stages.map((s) => s.touchpoints)).toEqual([1, 4, 1])
    expect(h.stages.map((s) => s.share)).toEqual([1 / 6, 4 / 6, 1 / 6])
    expect(h.stages.map((s) => s.weightShare)).toEqual([0.5, 0.1, 0.4])
    // Only C|Y is an empty cell on a stage of weight >= 4 (A's cells both hold t1; B weighs 1).
    expect(h.stages.map((s) => s.cells.map((c) => c.gap))).toEqual([
      [false, false],
      [false, false],
      [false, true],
    ])
    expect([h.max, h.gaps]).toEqual([2, 1])
    expect(d.maps).toEqual([{ id: 'M', name: 'Retail', touchpoints: 5, cards: 7, gaps: 1 }])
  })

  it('lists over-used and under-used touchpoints and stages with their figures', () => {
    // B weighs 1 (10%) but holds 4 of 6 (67%) >= 1.5 x 10%; t1 stands in 3 cells on 2 stages and scores 2.
    expect(d.overUsed).toEqual([
      { kind: 'crowdedLowStage', mapId: 'M', stageId: 'B', name: 'Billing', weight: 1, touchpoints: 4, share: 4 / 6, weightShare: 0.1 },
      { kind: 'spreadLowScore', touchpointId: 't1', name: 'Website', cells: 3, stages: 2, score: 2 },
    ])
    // A: 17% < half of 50%; C: 17% < half of 40%; t2 scores 4.5 and stands in one cell of this map.
    expect(d.underUsed).toEqual([
      { kind: 'thinImportantStage', mapId: 'M', stageId: 'A', name: 'Awareness', weight: 5, touchpoints: 1, share: 1 / 6, weightShare: 0.5 },
      { kind: 'thinImportantStage', mapId: 'M', stageId: 'C', name: 'Care', weight: 4, touchpoints: 1, share: 1 / 6, weightShare: 0.4 },
      { kind: 'strongPlacedOnce', touchpointId: 't2', name: 'Store', score: 4.5 },
    ])
  })

  it('gives owners, departments, data and the mix per stage', () => {
    expect(d.coverage.touchpoints).toBe(5)
    expect(d.coverage.unowned).toEqual([{ id: 't4', name: 'Newsletter' }])
    expect(d.coverage.people).toEqual([
      { id: 'u1', name: 'Ada', touchpoints: 2, openInsights: 3, averageScore: 3.25 },
      { id: 'u2', name: 'Bo', touchpoints: 1, openInsights: 1, averageScore: 3 },
    ])
    expect(d.coverage.departments).toEqual([{ id: 'd1', name: 'Sales', touchpoints: 2, openInsights: 3, averageScore: 2 }])
    expect(d.coverage.noData.map((t) => t.name)).toEqual(['Ad', 'Invoice', 'Newsletter'])
    expect(d.coverage.notPassedOn.map((t) => t.name)).toEqual(['Store'])
    const billing = d.mix.find((m) => m.id === 'B')!
    expect(billing.total).toBe(4)
    expect(billing.kind).toEqual({ communication: 4, human: 0, physical: 0, sensory: 0 })
    expect(billing.ownership).toEqual({ owned: 3, paid: 1, earned: 0 })
    expect(d.mix.find((m) => m.id === 'C')!.kind.physical).toBe(1)
  })

  it('ranks insight pressure with the negative share and the trend, for the map’s active touchpoints only', () => {
    expect(d.pressure.rows.map((r) => [r.name, r.total, r.negativeShare, r.trend])).toEqual([
      ['Website', 12, 0.5, 'up'],
      ['Store', 3, 0, 'down'],
    ])
  })

  it('exports each table as CSV with stable columns', () => {
    const csv = tableToCsv(analysisTable(d, 'heatmap'))
    expect(csv).toBe('stage,weight,Families,Students\r\nAwareness,5,1,1\r\nBilling,1,2,2\r\nCare,4,1,0\r\n')
    expect(tableToCsv(analysisTable(d, 'stages')).split('\r\n')[2]).toBe('B,Billing,1,4,66.7,10,0')
  })
})

describe('distribution analysis of the workspace', () => {
  const d = analyseDistribution({ ...input, mapId: null })
  it('covers every active touchpoint, summarises each map and shows no heatmap', () => {
    expect(d.heatmap).toBeNull()
    expect(d.coverage.touchpoints).toBe(6) // t7 is on no map but is in the catalog
    expect(d.maps.map((m) => [m.name, m.touchpoints, m.cards])).toEqual([
      ['Retail', 5, 7],
      ['B2B', 1, 1],
    ])
    // Across both maps t2 stands in 2 cells: no longer "placed once".
    expect(d.underUsed.some((f) => f.kind === 'strongPlacedOnce')).toBe(false)
    expect(d.mix.map((m) => m.name)).toEqual(['Retail', 'B2B'])
    expect(d.pressure.rows.map((r) => r.name)).toEqual(['Website', 'Store', 'Podcast'])
  })
})

describe('trendOf', () => {
  it('needs a quarter more and at least 2 to go up, a fifth less and at least 2 to go down', () => {
    expect(trendOf([...zeros(4), 4, 0, 0, 0, 5, 0, 0, 0])).toBe('flat') // 4 -> 5: +25% but only +1
    expect(trendOf([...zeros(4), 4, 0, 0, 0, 6, 0, 0, 0])).toBe('up')
    expect(trendOf([...zeros(4), 10, 0, 0, 0, 9, 0, 0, 0])).toBe('flat') // -10%
    expect(trendOf([...zeros(4), 10, 0, 0, 0, 8, 0, 0, 0])).toBe('down')
    expect(trendOf(zeros(12))).toBe('flat')
  })
})
