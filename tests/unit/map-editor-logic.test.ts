import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addSegment, addStage, addTouchpoint, listTouchpoints, placeTouchpoint, readMap, updateTouchpoint, type Touchpoint } from '@/lib/maps/doc-schema'
import { cellKey, hasExactName, initials, layoutCells, matchTouchpoints, ownerMatches, parseWhole, stepTarget, validateField } from '@/components/map-editor/logic'

function fixture() {
  const catalog = new Y.Doc()
  const map = new Y.Doc()
  const s1 = addStage(map, { name: 'Awareness' })
  const s2 = addStage(map, { name: 'Loyalty' })
  const g1 = addSegment(map, { name: 'Young families' })
  const g2 = addSegment(map, { name: 'Business buyers' })
  const a = addTouchpoint(catalog, { name: 'Invoice email', kind: 'communication' }, null)
  const b = addTouchpoint(catalog, { name: 'Store', kind: 'physical', ownerUserId: 'u1' }, null)
  const c = addTouchpoint(catalog, { name: 'Old flyer', status: 'retired' }, null)
  const pa = placeTouchpoint(map, { touchpointId: a, stageId: s1, segmentId: g1 })
  const pb = placeTouchpoint(map, { touchpointId: b, stageId: s1, segmentId: g1, index: 0 })
  placeTouchpoint(map, { touchpointId: c, stageId: s2, segmentId: g1 })
  placeTouchpoint(map, { touchpointId: 'missing', stageId: s2, segmentId: g2 })
  const cat = () => new Map<string, Touchpoint>(listTouchpoints(catalog).map((t) => [t.id, t]))
  return { catalog, map, s1, s2, g1, g2, a, b, c, pa, pb, cat }
}

describe('map editor layout', () => {
  it('puts cards in cells in placement order, leaving out retired and unknown touchpoints', () => {
    const f = fixture()
    const cells = layoutCells(readMap(f.map), f.cat())
    expect(cells.get(cellKey(f.s1, f.g1))!.map((c) => c.placement.id)).toEqual([f.pb, f.pa])
    expect(cells.get(cellKey(f.s2, f.g1))).toBeUndefined()
    expect(cells.get(cellKey(f.s2, f.g2))).toBeUndefined()
  })

  it('filters by kind and owner', () => {
    const f = fixture()
    const byKind = layoutCells(readMap(f.map), f.cat(), { segmentId: null, kind: 'physical', owner: null })
    expect(byKind.get(cellKey(f.s1, f.g1))!.map((c) => c.touchpoint.name)).toEqual(['Store'])
    const unowned = layoutCells(readMap(f.map), f.cat(), { segmentId: null, kind: null, owner: 'none' })
    expect(unowned.get(cellKey(f.s1, f.g1))!.map((c) => c.touchpoint.name)).toEqual(['Invoice email'])
    updateTouchpoint(f.catalog, f.a, { ownerDepartmentId: '00000000-0000-4000-8000-000000000001' }, null)
    const tp = f.cat().get(f.a)!
    expect(ownerMatches(tp, 'dept:00000000-0000-4000-8000-000000000001')).toBe(true)
    expect(ownerMatches(tp, 'user:u1')).toBe(false)
  })
})

describe('keyboard moves', () => {
  const stages = [{ id: 'a' }, { id: 'b' }]
  const segments = [{ id: 'x' }, { id: 'y' }]
  const counts: Record<string, number> = { 'a|x': 2, 'b|x': 0, 'a|y': 1, 'b|y': 3 }
  const n = (s: string, g: string) => counts[`${s}|${g}`] ?? 0

  it('left and right change stage and clamp the position', () => {
    expect(stepTarget({ stageId: 'a', segmentId: 'x', index: 2 }, 'ArrowRight', stages, segments, n)).toEqual({ stageId: 'b', segmentId: 'x', index: 0 })
    expect(stepTarget({ stageId: 'a', segmentId: 'x', index: 1 }, 'ArrowLeft', stages, segments, n)).toEqual({ stageId: 'a', segmentId: 'x', index: 1 })
  })

  it('up and down move within the cell, then into the next segment', () => {
    expect(stepTarget({ stageId: 'a', segmentId: 'x', index: 0 }, 'ArrowDown', stages, segments, n)).toEqual({ stageId: 'a', segmentId: 'x', index: 1 })
    expect(stepTarget({ stageId: 'a', segmentId: 'x', index: 2 }, 'ArrowDown', stages, segments, n)).toEqual({ stageId: 'a', segmentId: 'y', index: 0 })
    expect(stepTarget({ stageId: 'a', segmentId: 'y', index: 0 }, 'ArrowUp', stages, segments, n)).toEqual({ stageId: 'a', segmentId: 'x', index: 2 })
    expect(stepTarget({ stageId: 'a', segmentId: 'x', index: 0 }, 'ArrowUp', stages, segments, n)).toEqual({ stageId: 'a', segmentId: 'x', index: 0 })
  })
})

describe('type-ahead', () => {
  it('lists names starting with the query first, then containing it, without retired ones', () => {
    const f = fixture()
    addTouchpoint(f.catalog, { name: 'Email newsletter' }, null)
    const all = listTouchpoints(f.catalog)
    expect(matchTouchpoints(all, 'em').map((t) => t.name)).toEqual(['Email newsletter', 'Invoice email'])
    expect(matchTouchpoints(all, 'flyer')).toEqual([])
    expect(hasExactName(all, '  invoice EMAIL ')).toBe(true)
  })
})

describe('field validation', () => {
  it('accepts valid values (trimmed) and names the problem otherwise', () => {
    expect(validateField('name', '  Store ')).toEqual({ ok: true, value: 'Store' })
    expect(validateField('name', '   ')).toEqual({ ok: false, error: 'Enter a name' })
    expect(validateField('name', 'x'.repeat(121))).toMatchObject({ ok: false })
    expect(validateField('channel', 'x'.repeat(81))).toMatchObject({ ok: false, error: expect.stringContaining('80') })
    expect(validateField('kind', 'telepathy')).toMatchObject({ ok: false })
    expect(validateField('ownerDepartmentId', 'not-a-uuid')).toMatchObject({ ok: false, error: 'Unknown department' })
    expect(validateField('ownerUserId', null)).toEqual({ ok: true, value: null })
  })

  it('parses whole numbers and initials', () => {
    expect(parseWhole(' 4 ')).toBe(4)
    expect(parseWhole('4.5')).toBeNaN()
    expect(parseWhole('')).toBeNaN()
    expect(initials('Ada Lovelace King')).toBe('AK')
    expect(initials('support')).toBe('S')
    expect(initials('  ')).toBe('?')
  })
})
