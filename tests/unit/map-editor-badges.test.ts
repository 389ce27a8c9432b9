import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { addSegment, addStage, addTouchpoint, listTouchpoints, placeTouchpoint, readMap, updateTouchpoint, type Touchpoint } from '@/lib/maps/doc-schema'
import { countUnowned, isUnowned, mergeScores, type CardScore } from '@/components/map-editor/logic'
import { ScoreStore } from '@/components/map-editor/scores'

function fixture() {
  const catalog = new Y.Doc()
  const map = new Y.Doc()
  const s1 = addStage(map, { name: 'Awareness' })
  const s2 = addStage(map, { name: 'Loyalty' })
  const g1 = addSegment(map, { name: 'Young families' })
  const unowned = addTouchpoint(catalog, { name: 'Invoice email' }, null)
  const person = addTouchpoint(catalog, { name: 'Store', ownerUserId: 'u1' }, null)
  const dept = addTouchpoint(catalog, { name: 'Hotline', ownerDepartmentId: '00000000-0000-4000-8000-000000000001' }, null)
  const retired = addTouchpoint(catalog, { name: 'Old flyer', status: 'retired' }, null)
  const elsewhere = addTouchpoint(catalog, { name: 'Not on this map' }, null)
  // Invoice email stands in two cells: one touchpoint, counted once.
  placeTouchpoint(map, { touchpointId: unowned, stageId: s1, segmentId: g1 })
  placeTouchpoint(map, { touchpointId: unowned, stageId: s2, segmentId: g1 })
  placeTouchpoint(map, { touchpointId: person, stageId: s1, segmentId: g1 })
  placeTouchpoint(map, { touchpointId: dept, stageId: s2, segmentId: g1 })
  placeTouchpoint(map, { touchpointId: retired, stageId: s1, segmentId: g1 })
  placeTouchpoint(map, { touchpointId: 'missing', stageId: s1, segmentId: g1 })
  const cat = () => new Map<string, Touchpoint>(listTouchpoints(catalog).map((t) => [t.id, t]))
  return { catalog, map, s1, s2, g1, unowned, person, dept, elsewhere, cat }
}

describe('unowned touchpoints on the map', () => {
  it('a touchpoint is unowned with neither a person nor a department', () => {
    expect(isUnowned({ ownerUserId: null, ownerDepartmentId: null })).toBe(true)
    expect(isUnowned({ ownerUserId: 'u1', ownerDepartmentId: null })).toBe(false)
    expect(isUnowned({ ownerUserId: null, ownerDepartmentId: 'd1' })).toBe(false)
  })

  it('counts each unowned touchpoint the map shows once, leaving out retired, unknown and other maps’ touchpoints', () => {
    const f = fixture()
    expect(countUnowned(readMap(f.map), f.cat())).toBe(1)
    // Losing its owner counts it; getting one uncounts it.
    updateTouchpoint(f.catalog, f.person, { ownerUserId: null }, null)
    expect(countUnowned(readMap(f.map), f.cat())).toBe(2)
    updateTouchpoint(f.catalog, f.unowned, { ownerDepartmentId: '00000000-0000-4000-8000-000000000001' }, null)
    expect(countUnowned(readMap(f.map), f.cat())).toBe(1)
  })

  it('leaves out placements in a stage that no longer exists', () => {
    const f = fixture()
    updateTouchpoint(f.catalog, f.dept, { ownerDepartmentId: null }, null)
    expect(countUnowned(readMap(f.map), f.cat())).toBe(2)
    // A snapshot whose stage is gone while its placements are still there (another person's removal, half applied).
    const snap = readMap(f.map)
    expect(countUnowned({ ...snap, stages: snap.stages.filter((s) => s.id !== f.s2) }, f.cat())).toBe(1)
  })
})

describe('score badges', () => {
  const a: CardScore = { mean: 4, count: 1, priority: 20, appeal: 4, review: null, since: null }
  const b: CardScore = { mean: 2.5, count: 2, priority: 60, appeal: null, review: null, since: null }

  it('keeps the objects of unchanged scores, and the map itself when nothing changed', () => {
    const first = mergeScores(new Map(), { a, b })
    expect(first.get('a')).toEqual(a)
    const same = mergeScores(first, { a: { ...a }, b: { ...b } })
    expect(same).toBe(first)
    const next = mergeScores(first, { a: { ...a }, b: { ...b, count: 3 } })
    expect(next).not.toBe(first)
    expect(next.get('a')).toBe(first.get('a'))
    expect(next.get('b')).toEqual({ ...b, count: 3 })
    // An audit opens: the review state is a change too.
    const due = mergeScores(next, { a: { ...a, review: 'due' }, b: { ...b, count: 3 } })
    expect(due.get('a')).toEqual({ ...a, review: 'due' })
    expect(due.get('b')).toBe(next.get('b'))
    // So is a new appeal mean (the emotion lane shows it).
    const appeal = mergeScores(due, { a: { ...a, review: 'due', appeal: 3 }, b: { ...b, count: 3 } })
    expect(appeal.get('a')).toEqual({ ...a, review: 'due', appeal: 3 })
  })

  it('drops touchpoints that are no longer scored', () => {
    const first = mergeScores(new Map(), { a, b })
    const next = mergeScores(first, { a })
    expect(next).not.toBe(first)
    expect(next.get('a')).toBe(first.get('a'))
    expect(next.has('b')).toBe(false)
  })

  it('the store tells its subscribers only when a score changed', () => {
    const store = new ScoreStore()
    const fn = vi.fn()
    const off = store.subscribe(fn)
    store.set({ a })
    expect(fn).toHaveBeenCalledTimes(1)
    const before = store.get('a')
    store.set({ a: { ...a } })
    expect(fn).toHaveBeenCalledTimes(1)
    expect(store.get('a')).toBe(before)
    store.set({ a: { ...a, mean: 4.5 } })
    expect(fn).toHaveBeenCalledTimes(2)
    expect(store.get('a')?.mean).toBe(4.5)
    off()
    store.set({})
    expect(fn).toHaveBeenCalledTimes(2)
    expect(store.get('a')).toBeUndefined()
  })
})
