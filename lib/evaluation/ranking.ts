/**
 * The "improve next" ranking and the matrix's figures, computed from raw
 * per-touchpoint data with model.ts. Pure (no server imports), so the analysis
 * page previews draft weights in the browser with exactly the server's code.
 */
import { healthOf, priorityOf, rank, reasonsFor, valueOf, weightedScore, type Criterion, type JourneyPlace, type PriorityInput, type Reason, type Weights } from './model'

export type Raw = {
  id: string
  name: string
  status: string
  means: Record<Criterion, number | null>
  people: number
  importance: number | null
  effort: number | null
  insights: number
  openInsights: number
  /** Its heaviest card on a journey, or null when it is on no map. */
  journey: JourneyPlace | null
  /** The latest status of each of its KPIs with a value (lib/metrics). */
  kpis: ('green' | 'amber' | 'red')[]
  /** Open insights with a negative sentiment. */
  negativeInsights: number
}

export const inputOf = (r: Raw, w: Weights): PriorityInput => {
  const score = weightedScore(r.means, w)
  return { score, importance: r.importance, effort: r.effort, openInsights: r.openInsights, journey: r.journey, health: healthOf({ kpis: r.kpis, score, negativeInsights: r.negativeInsights }, w) }
}

/** One touchpoint's raw figures; the page computes score, value and priority with model.ts (so draft weights preview instantly). */
export type AnalysisRow = Raw & { placements: { mapId: string; stageId: string }[] }
export type AnalysisData = {
  weights: Weights
  rows: AnalysisRow[]
  maps: { id: string; name: string; stages: { id: string; name: string }[] }[]
}

export type RankedTouchpoint = {
  id: string
  name: string
  score: number | null
  importance: number | null
  effort: number | null
  openInsights: number
  insights: number
  people: number
  /** Persona weight x stage weight of its heaviest card (0 to 25), 0 when on no map. */
  journeyWeight: number
  /** 0 to 100, or null without KPI values or scores. */
  health: number | null
  priority: number | null
  value: number | null
  reasons: Reason[]
}

/** Scores, value and priority of the rows under `weights`: the one computation behind the list, the chart and the server's ranking. */
export function evaluateRows(rows: readonly Raw[], weights: Weights): RankedTouchpoint[] {
  return rows.map((r) => {
    const input = inputOf(r, weights)
    return {
      id: r.id,
      name: r.name,
      score: input.score,
      importance: r.importance,
      effort: r.effort,
      openInsights: r.openInsights,
      insights: r.insights,
      people: r.people,
      journeyWeight: r.journey?.weight ?? 0,
      health: input.health ?? null,
      priority: priorityOf(input, weights),
      value: valueOf(input, weights),
      reasons: reasonsFor(input, weights),
    }
  })
}

/** The "improve next" list: active touchpoints with a priority, on a map (and stage) when given, highest priority first. */
export function improveNextOf(data: AnalysisData, opts: { weights?: Weights; mapId?: string; stageId?: string; limit?: number } = {}): RankedTouchpoint[] {
  const rows = data.rows.filter(
    (r) => r.status === 'active' && (!opts.mapId || r.placements.some((p) => p.mapId === opts.mapId && (!opts.stageId || p.stageId === opts.stageId))),
  )
  return rank(evaluateRows(rows, opts.weights ?? data.weights)).slice(0, opts.limit ?? 20)
}

