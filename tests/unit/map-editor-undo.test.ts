import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addSegment, addStage, addTouchpoint, listTouchpoints, movePlacement, placeTouchpoint, readMap, updateTouchpoint } from '@/lib/maps/doc-schema'
import { EditorHistory, TYPING_PAUSE_MS } from '@/components/map-editor/undo'
import { beginsWord } from '@/components/map-editor/logic'

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

describe('live typing: every keystroke is sent, undo takes back a word or a pause', () => {
  /** Types `text` after `start` into the touchpoint's description, one keystroke per act, as the side panel does. */
  function type(h: EditorHistory, catalog: Y.Doc, tp: string, start: string, text: string) {
    let prev = start
    for (const ch of text) {
      const next = prev + ch
      h.act(({ catalog: c }) => c(() => updateTouchpoint(catalog, tp, { description: next }, null)), { typing: { key: `${tp}:description`, newWord: beginsWord(prev, next) } })
      prev = next
    }
  }
  const description = (catalog: Y.Doc, tp: string) => listTouchpoints(catalog).find((t) => t.id === tp)!.description

  it('knows where a word begins', () => {
    expect(beginsWord('', 'S')).toBe(true)
    expect(beginsWord('Sent', 'Sent ')).toBe(false)
    expect(beginsWord('Sent ', 'Sent w')).toBe(true)
    expect(beginsWord('Sent w', 'Sent wi')).toBe(false)
    expect(beginsWord('Sent with', 'Sent wit')).toBe(false) // a deletion
    expect(beginsWord('ab cd', 'ab Xcd')).toBe(true) // typed in the middle, after a space
  })

  it('groups keystrokes per word: three words typed are three undo steps, each sent as it was typed', () => {
    const { catalog, h } = setup()
    const tp = addTouchpoint(catalog, { name: 'Invoice email' }, null)
    const updates: Uint8Array[] = []
    catalog.on('update', (u: Uint8Array) => updates.push(u))
    type(h, catalog, tp, '', 'Sent with every')
    expect(updates).toHaveLength('Sent with every'.length)
    expect(description(catalog, tp)).toBe('Sent with every')
    h.undo()
    expect(description(catalog, tp)).toBe('Sent with ')
    h.undo()
    expect(description(catalog, tp)).toBe('Sent ')
    h.undo()
    expect(description(catalog, tp)).toBe('')
    expect(h.getSnapshot().canUndo).toBe(false)
    h.redo()
    expect(description(catalog, tp)).toBe('Sent ')
  })

  it('a pause or leaving the field ends a step even inside a word; another action between keystrokes too', () => {
    const { catalog, h } = setup()
    const tp = addTouchpoint(catalog, { name: 'Store' }, null)
    const realNow = Date.now
    let now = realNow()
    Date.now = () => now
    try {
      type(h, catalog, tp, '', 'Deliv')
      now += TYPING_PAUSE_MS + 1
      type(h, catalog, tp, 'Deliv', 'ery')
      h.endTyping()
      type(h, catalog, tp, 'Delivery', 'd')
      h.undo()
      expect(description(catalog, tp)).toBe('Delivery')
      h.undo()
      expect(description(catalog, tp)).toBe('Deliv')
      h.undo()
      expect(description(catalog, tp)).toBe('')
    } finally {
      Date.now = realNow
    }
  })
})

