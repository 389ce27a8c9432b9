import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addSegment, addStage, addTouchpoint, listTouchpoints, movePlacement, placeTouchpoint, readMap, updateTouchpoint } from '@/lib/maps/doc-schema'
import { EditorHistory } from '@/components/map-editor/undo'

function setup() {
  const map = new Y.Doc()
  const catalog = new Y.Doc()
  const s1 = addStage(map, { name: 'A' })
  const s2 = addStage(map, { name: 'B' })
  const g = addSegment(map, { name: 'S' })
  return { map, catalog, s1, s2, g, h: new EditorHistory(map, catalog) }
}

describe('per-user undo across the map and the catalog', () => {
  it('undoes a new card (catalog + placement) as one step, then redoes it', () => {
    const { map, catalog, s1, g, h } = setup()
    h.act(({ map: m, catalog: c }) => {
      const id = c(() => addTouchpoint(catalog, { name: 'Invoice' }, null))
      return m(() => placeTouchpoint(map, { touchpointId: id, stageId: s1, segmentId: g }))
    })
    expect(readMap(map).placements).toHaveLength(1)
    expect(h.getSnapshot()).toEqual({ canUndo: true, canRedo: false })
    h.undo()
    expect(readMap(map).placements).toHaveLength(0)
    expect(listTouchpoints(catalog)).toHaveLength(0)
    h.redo()
    expect(readMap(map).placements).toHaveLength(1)
    expect(listTouchpoints(catalog).map((t) => t.name)).toEqual(['Invoice'])
  })

  it('undoes steps in order (move, then edit) and never undoes another person’s change', () => {
    const { map, catalog, s1, s2, g, h } = setup()
    const tp = addTouchpoint(catalog, { name: 'Store' }, null)
    const p = placeTouchpoint(map, { touchpointId: tp, stageId: s1, segmentId: g })
    h.act(({ map: m }) => m(() => movePlacement(map, p, { stageId: s2, segmentId: g, index: 0 })))
    h.act(({ catalog: c }) => c(() => updateTouchpoint(catalog, tp, { name: 'Flagship store' }, null)))
    // Someone else (no local origin) changes the description.
    updateTouchpoint(catalog, tp, { description: 'remote' }, null)
    h.undo()
    expect(listTouchpoints(catalog)[0]).toMatchObject({ name: 'Store', description: 'remote' })
    expect(readMap(map).placements[0]!.stageId).toBe(s2)
    h.undo()
    expect(readMap(map).placements[0]!.stageId).toBe(s1)
    expect(h.getSnapshot().canUndo).toBe(false)
    h.redo()
    h.redo()
    expect(readMap(map).placements[0]!.stageId).toBe(s2)
    expect(listTouchpoints(catalog)[0]!.name).toBe('Flagship store')
  })
})
