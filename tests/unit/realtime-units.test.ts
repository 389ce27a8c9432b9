import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docName, parseDocName } from '@/realtime/doc-name'
import { decodeFanout, encodeFanout } from '@/realtime/fanout'
import { GroupCommit, type Flushed } from '@/realtime/group-commit'
import { DEFAULT_LIMITS, RateLimiter } from '@/realtime/limits'
import { decodeClientMessage, encodeSyncStep1, encodeUpdate, ProtocolError } from '@/realtime/protocol'

const WS = '3f2b8c1e-9a4d-4e5f-8a6b-7c8d9e0f1a2b'

describe('document names', () => {
  it('round-trips and rejects anything else', () => {
    expect(parseDocName(docName(WS, 'map-1'))).toEqual({ name: `ws.${WS}.map-1`, workspaceId: WS, rest: 'map-1' })
    for (const bad of ['', 'map-1', `ws.${WS}.`, `ws.not-a-uuid.map`, `ws.${WS}.map/../x`, `ws.${WS}.${'x'.repeat(201)}`]) expect(parseDocName(bad)).toBeNull()
    expect(() => docName(WS, '../etc')).toThrow()
  })
})

describe('protocol', () => {
  it('decodes the stock messages and refuses malformed ones', () => {
    expect(decodeClientMessage(encodeSyncStep1(new Uint8Array([0]))).kind).toBe('sync-step1')
    expect(decodeClientMessage(encodeUpdate(new Uint8Array([0, 0])))).toMatchObject({ kind: 'update' })
    for (const bad of [[], [9], [0, 7, 0], [0, 2, 50, 1], [1]]) expect(() => decodeClientMessage(new Uint8Array(bad))).toThrow(ProtocolError)
  })

  it('encodes fan-out messages losslessly', () => {
    const m = { kind: 'update' as const, seq: 42, update: new Uint8Array([1, 2, 3]) }
    expect(decodeFanout(encodeFanout('peer-1', m))).toEqual({ peer: 'peer-1', message: m })
  })
})

describe('rate limiter', () => {
  it('allows the burst, then refuses', () => {
    const r = new RateLimiter({ ...DEFAULT_LIMITS, messageBurst: 10, messagesPerSecond: 1 })
    const results = Array.from({ length: 12 }, () => r.take(1))
    expect(results.filter(Boolean).length).toBe(10)
  })
})

describe('group commit', () => {
  it('merges a window into one row per document and retries failed writes without losing updates', async () => {
    const writes: { ws: string; docs: string[] }[] = []
    let fail = 1
    const flushed: Flushed[] = []
    const gc = new GroupCommit(20, (f) => flushed.push(f), async (ws, entries) => {
      if (fail-- > 0) throw new Error('database down')
      writes.push({ ws, docs: entries.map((e) => e.doc) })
      const d = new Y.Doc()
      for (const e of entries) Y.applyUpdate(d, e.update)
      expect(d.getArray('a').length).toBe(3)
    })
    const src = new Y.Doc()
    const updates: Uint8Array[] = []
    src.on('update', (u: Uint8Array) => updates.push(u))
    for (let i = 0; i < 3; i++) src.getArray('a').push([i])
    updates.forEach((u, i) => gc.enqueue(WS, 'doc', u, i + 1))
    expect(gc.pendingUpdates).toBe(3)
    await gc.flush()
    expect(gc.pendingUpdates).toBe(0)
    expect(writes).toEqual([{ ws: WS, docs: ['doc'] }])
    expect(flushed).toEqual([{ workspaceId: WS, doc: 'doc', maxSeq: 3 }])
  })
})
