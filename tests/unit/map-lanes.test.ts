import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addSegment, addStage, readMap, removeStageOrSegment, restoreMapSnapshot } from '@/lib/maps/doc-schema'
import { emotionsOf, lanesFromJson, lanesOf, setEmotion, setLaneText } from '@/lib/maps/lanes'

function map() {
  const doc = new Y.Doc()
  const a = addStage(doc, { name: 'Aware' })
  const b = addStage(doc, { name: 'Buy' })
  const row = addSegment(doc, { name: 'Families' })
  return { doc, a, b, row }
}

describe('the lanes around the touchpoints', () => {
  it('keeps a text per lane and stage, and an emotion per row and stage', () => {
    const { doc, a, b, row } = map()
    setLaneText(doc, 'actions', a, 'Scrolls in the evening')
    setLaneText(doc, 'backstage', b, 'Stock reserved')
    setEmotion(doc, row, a, 2)
    setEmotion(doc, row, b, -2)
    expect(readMap(doc).lanes).toEqual({ actions: { [a]: 'Scrolls in the evening' }, backstage: { [b]: 'Stock reserved' }, emotions: { [row]: { [a]: 2, [b]: -2 } } })
    setLaneText(doc, 'actions', a, '')
    setEmotion(doc, row, b, null)
    expect(readMap(doc).lanes).toEqual({ actions: {}, backstage: { [b]: 'Stock reserved' }, emotions: { [row]: { [a]: 2 } } })
  })

  it('refuses an emotion of 3, a fraction, and text over the limit, with a clear message', () => {
    const { doc, a, row } = map()
    expect(() => setEmotion(doc, row, a, 3)).toThrow('Emotion is at most +2')
    expect(() => setEmotion(doc, row, a, -3)).toThrow('Emotion is at least -2')
    expect(() => setEmotion(doc, row, a, 0.5)).toThrow('Emotion is a whole number from -2 to +2')
    expect(() => setLaneText(doc, 'actions', a, 'x'.repeat(1001))).toThrow('A lane can hold at most 1000 characters per stage')
    expect(readMap(doc).lanes).toEqual({ actions: {}, backstage: {}, emotions: {} })
  })

  it('shows nothing a client wrote outside the rules, nor entries of removed stages and rows', () => {
    const { doc, a, b, row } = map()
    doc.transact(() => {
      emotionsOf(doc).set(`${row}:${a}`, 7)
      lanesOf(doc).set(`secret:${a}`, 'not a lane')
      lanesOf(doc).set(`actions:no-such-stage`, 'orphan')
    })
    setLaneText(doc, 'actions', b, 'kept until the stage goes')
    expect(readMap(doc).lanes).toEqual({ actions: { [b]: 'kept until the stage goes' }, backstage: {}, emotions: {} })
    removeStageOrSegment(doc, 'stages', b)
    expect(readMap(doc).lanes!.actions).toEqual({})
  })

  it('travels with a snapshot (versions, duplicates, templates) and drops malformed JSON entry by entry', () => {
    const { doc, a, row } = map()
    setLaneText(doc, 'backstage', a, 'Rota')
    setEmotion(doc, row, a, 1)
    const copy = new Y.Doc()
    restoreMapSnapshot(copy, readMap(doc))
    expect(readMap(copy).lanes).toEqual(readMap(doc).lanes)
    expect(lanesFromJson({ actions: { s1: 'ok', s2: 42 }, emotions: { r: { s1: 2, s2: 9 } }, bogus: 1 })).toEqual({ actions: { s1: 'ok' }, backstage: {}, emotions: { r: { s1: 2 } } })
    expect(lanesFromJson(null)).toEqual({ actions: {}, backstage: {}, emotions: {} })
  })
})
