import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import {
  addSegment,
  addTouchpoint,
  initMap,
  listTouchpoints,
  movePlacement,
  moveStageOrSegment,
  placeTouchpoint,
  readMap,
  removeStageOrSegment,
  updateTouchpoint,
} from '@/lib/maps/doc-schema'
import { keyBetween } from '@/lib/maps/order-key'

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
}

describe('order keys', () => {
  it('always find room between neighbours, in any order of inserts', () => {
    const list: string[] = []
    for (let i = 0; i < 3000; i++) {
      const at = (i * 7919) % (list.length + 1)
      const k = keyBetween(list[at - 1] ?? null, list[at] ?? null)
      if (at > 0) expect(list[at - 1]! < k).toBe(true)
      if (at < list.length) expect(k < list[at]!).toBe(true)
      list.splice(at, 0, k)
    }
    expect(() => keyBetween('b', 'a')).toThrow()
  })
})

describe('map documents', () => {
  it('start from a template with the lifecycle stages in order', () => {
    const doc = new Y.Doc()
    initMap(doc, { name: 'Lifecycle', template: 'lifecycle', segments: [{ name: 'Young families', goal: 'grow' }] })
    const m = readMap(doc)
    expect(m.stages.map((s) => s.name)).toEqual(['Awareness', 'Knowledge', 'Consideration', 'Selection / trial', 'Satisfaction', 'Loyalty', 'Advocacy'])
    expect(m.segments).toEqual([expect.objectContaining({ name: 'Young families', goal: 'grow', priority: 3 })])
  })

  it('keep one touchpoint record however many cells it stands in, and converge when two people move cards at once', () => {
    const catalog = new Y.Doc()
    const tp = addTouchpoint(catalog, { name: 'Invoice email', kind: 'communication' }, 'u1')
    const a = new Y.Doc()
    initMap(a, { name: 'Purchase', template: 'purchase' })
    addSegment(a, { name: 'Online shoppers' })
    const b = new Y.Doc()
    sync(a, b)
    const [before, , after] = readMap(a).stages
    const seg = readMap(a).segments[0]!
    const p1 = placeTouchpoint(a, { touchpointId: tp, stageId: after!.id, segmentId: seg.id })
    const p2 = placeTouchpoint(a, { touchpointId: tp, stageId: before!.id, segmentId: seg.id })
    sync(a, b)
    movePlacement(a, p1, { stageId: before!.id, segmentId: seg.id, index: 0 })
    movePlacement(b, p1, { stageId: after!.id, segmentId: seg.id, index: 0 })
    moveStageOrSegment(a, 'stages', after!.id, 0)
    moveStageOrSegment(b, 'stages', after!.id, 1)
    sync(a, b)
    expect(readMap(a)).toEqual(readMap(b))
    expect(readMap(a).stages).toHaveLength(3)
    expect(new Set(readMap(a).placements.map((p) => p.touchpointId))).toEqual(new Set([tp]))
    expect(readMap(a).placements.map((p) => p.id).sort()).toEqual([p1, p2].sort())
    updateTouchpoint(catalog, tp, { name: 'Invoice e-mail' }, 'u2')
    expect(listTouchpoints(catalog)).toEqual([expect.objectContaining({ id: tp, name: 'Invoice e-mail', updatedBy: 'u2' })])
  })

  it('removes the cards of a removed stage but keeps the touchpoints', () => {
    const doc = new Y.Doc()
    initMap(doc, { name: 'Retail', template: 'retail' })
    const seg = addSegment(doc, { name: 'Walk-ins' })
    const [first, second] = readMap(doc).stages
    placeTouchpoint(doc, { touchpointId: 't1', stageId: first!.id, segmentId: seg })
    placeTouchpoint(doc, { touchpointId: 't2', stageId: second!.id, segmentId: seg })
    removeStageOrSegment(doc, 'stages', first!.id)
    expect(readMap(doc).placements.map((p) => p.touchpointId)).toEqual(['t2'])
  })
})
