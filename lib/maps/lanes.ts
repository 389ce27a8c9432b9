/**
 * The journey around the touchpoints (seed 003, the three views), as lanes of
 * a map: what the customer does and thinks where the company cannot see it,
 * the line of visibility, the touchpoints (the map's rows), the backstage
 * processes and people, and an emotion curve per row (persona), -2 to +2 per
 * stage, set by hand.
 *
 * Map document:
 *   lanes:    Y.Map<`${lane}:${stageId}`, string>       lane text per stage (at most LANE_TEXT_MAX)
 *   emotions: Y.Map<`${segmentId}:${stageId}`, number>  -2..+2 (absent: not set)
 * Readers keep only valid entries of stages and rows that exist, so a client
 * writing anything else into the document changes nothing that is shown,
 * projected or exported.
 */
import * as Y from 'yjs'
import { z } from 'zod'

export const TEXT_LANES = ['actions', 'backstage'] as const
export type TextLane = (typeof TEXT_LANES)[number]
/** Every lane a person can show, collapse or hide: the two text lanes and the emotion curve. */
export const LANES = ['actions', 'backstage', 'emotions'] as const
export type Lane = (typeof LANES)[number]

export const LANE_TEXT_MAX = 1000
export const EMOTION_MIN = -2
export const EMOTION_MAX = 2

export const laneTextSchema = z.string({ error: 'Lane text must be text' }).max(LANE_TEXT_MAX, `A lane can hold at most ${LANE_TEXT_MAX} characters per stage`)
export const emotionSchema = z
  .number({ error: 'Emotion is a whole number from -2 to +2' })
  .int('Emotion is a whole number from -2 to +2')
  .min(EMOTION_MIN, 'Emotion is at least -2')
  .max(EMOTION_MAX, 'Emotion is at most +2')

export type Lanes = {
  actions: Record<string, string>
  backstage: Record<string, string>
  /** segmentId -> stageId -> -2..+2 */
  emotions: Record<string, Record<string, number>>
}

export const EMPTY_LANES: Lanes = { actions: {}, backstage: {}, emotions: {} }

export const lanesOf = (doc: Y.Doc) => doc.getMap<string>('lanes')
export const emotionsOf = (doc: Y.Doc) => doc.getMap<number>('emotions')

/** The lanes as shown: valid entries of the stages and rows given. */
export function readLanes(doc: Y.Doc, stageIds: ReadonlySet<string>, segmentIds: ReadonlySet<string>): Lanes {
  const out: Lanes = { actions: {}, backstage: {}, emotions: {} }
  lanesOf(doc).forEach((v, key) => {
    const i = key.indexOf(':')
    const lane = key.slice(0, i) as TextLane
    const stageId = key.slice(i + 1)
    if ((TEXT_LANES as readonly string[]).includes(lane) && stageIds.has(stageId) && typeof v === 'string' && v.trim() && v.length <= LANE_TEXT_MAX) out[lane][stageId] = v
  })
  emotionsOf(doc).forEach((v, key) => {
    const i = key.indexOf(':')
    const segmentId = key.slice(0, i)
    const stageId = key.slice(i + 1)
    if (!segmentIds.has(segmentId) || !stageIds.has(stageId) || !emotionSchema.safeParse(v).success) return
    ;(out.emotions[segmentId] ??= {})[stageId] = v
  })
  return out
}

/** Sets one stage's text in a lane ('' clears it). Throws a ZodError for text over the limit. */
export function setLaneText(doc: Y.Doc, lane: TextLane, stageId: string, text: string): void {
  const value = laneTextSchema.parse(text)
  const key = `${lane}:${stageId}`
  if ((lanesOf(doc).get(key) ?? '') === value) return
  doc.transact(() => (value.trim() ? lanesOf(doc).set(key, value) : lanesOf(doc).delete(key)))
}

/** Sets (or clears, with null) a row's emotion at a stage. Throws a ZodError outside -2..+2. */
export function setEmotion(doc: Y.Doc, segmentId: string, stageId: string, value: number | null): void {
  const key = `${segmentId}:${stageId}`
  if (value === null) {
    if (emotionsOf(doc).has(key)) doc.transact(() => emotionsOf(doc).delete(key))
    return
  }
  const v = emotionSchema.parse(value)
  if (emotionsOf(doc).get(key) === v) return
  doc.transact(() => emotionsOf(doc).set(key, v))
}

/** Writes `lanes` into a document as its whole lane content (a version restored, a duplicate, a template). */
export function writeLanes(doc: Y.Doc, lanes: Lanes): void {
  doc.transact(() => {
    const l = lanesOf(doc)
    const e = emotionsOf(doc)
    const wantL = new Map<string, string>()
    for (const lane of TEXT_LANES) for (const [stageId, text] of Object.entries(lanes[lane] ?? {})) wantL.set(`${lane}:${stageId}`, text)
    const wantE = new Map<string, number>()
    for (const [segmentId, byStage] of Object.entries(lanes.emotions ?? {})) for (const [stageId, v] of Object.entries(byStage)) wantE.set(`${segmentId}:${stageId}`, v)
    for (const k of [...l.keys()]) if (!wantL.has(k)) l.delete(k)
    for (const [k, v] of wantL) if (l.get(k) !== v) l.set(k, v)
    for (const k of [...e.keys()]) if (!wantE.has(k)) e.delete(k)
    for (const [k, v] of wantE) if (e.get(k) !== v) e.set(k, v)
  })
}

/** Lanes as JSON from the database or a file: anything malformed is dropped, entry by entry. */
export function lanesFromJson(raw: unknown): Lanes {
  const out: Lanes = { actions: {}, backstage: {}, emotions: {} }
  if (!raw || typeof raw !== 'object') return out
  const r = raw as Record<string, unknown>
  for (const lane of TEXT_LANES) {
    const m = r[lane]
    if (m && typeof m === 'object') for (const [k, v] of Object.entries(m)) if (typeof v === 'string' && laneTextSchema.safeParse(v).success && v.trim()) out[lane][k] = v
  }
  const em = r.emotions
  if (em && typeof em === 'object')
    for (const [seg, byStage] of Object.entries(em)) {
      if (!byStage || typeof byStage !== 'object') continue
      for (const [st, v] of Object.entries(byStage)) if (emotionSchema.safeParse(v).success) (out.emotions[seg] ??= {})[st] = v as number
    }
  return out
}

/** Emotion as words, for exports and screen readers. */
export const EMOTION_WORDS: Record<number, string> = { [-2]: 'very negative', [-1]: 'negative', 0: 'neutral', 1: 'positive', 2: 'very positive' }
export const signed = (v: number) => (v > 0 ? `+${v}` : String(v))
