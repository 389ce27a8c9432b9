import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTicket } from '@/realtime/tickets'
import { dbKind, openTestDatabase, type TestDb } from '../support/test-db'
import { addMember, newDoc, newWorkspace, ORIGIN, startRealtimeServer, waitFor, type TestServer } from '../support/realtime'

/**
 * A single-use ticket admits one socket, however the upgrades are batched:
 * raw TCP upgrade requests for the same ticket are written in one synchronous
 * loop, so they reach the server in the same event-loop turn.
 */
let t: TestDb
let srv: TestServer
let workspaceId: string
let editor: string
beforeAll(async () => {
  t = await openTestDatabase()
  srv = await startRealtimeServer()
  ;({ workspaceId } = await newWorkspace())
  editor = await addMember(workspaceId, 'editor')
})
afterAll(async () => {
  await srv?.close()
  await t?.drop()
})

type Outcome = { admitted: boolean; closeCode: number | null }

/** Reads a socket's upgrade answer and its first websocket frame: document data (admitted) or a close frame (with its code). */
function watch(socket: Socket): { outcome: () => Outcome | null } {
  let buf = Buffer.alloc(0)
  let result: Outcome | null = null
  socket.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk])
    if (result) return
    const end = buf.indexOf('\r\n\r\n')
    if (end < 0) return
    if (!buf.subarray(0, 12).toString().includes(' 101')) return void (result = { admitted: false, closeCode: -1 })
    const frame = buf.subarray(end + 4)
    if (frame.length < 2) return
    const opcode = frame[0]! & 0x0f
    if (opcode === 0x8) {
      if (frame.length < 4) return
      result = { admitted: false, closeCode: frame.readUInt16BE(2) }
    } else result = { admitted: true, closeCode: null }
  })
  socket.on('close', () => {
    if (!result) result = { admitted: false, closeCode: -2 }
  })
  return { outcome: () => result }
}

async function round(n: number): Promise<Outcome[]> {
  const doc = newDoc(workspaceId)
  const ticket = await createTicket(editor, workspaceId, doc)
  const sockets = await Promise.all(
    Array.from({ length: n }, () => new Promise<Socket>((resolve, reject) => {
      const s = connect(srv.port, '127.0.0.1', () => resolve(s))
      s.on('error', reject)
    })),
  )
  const watchers = sockets.map(watch)
  // Let the server accept every connection first, so the requests land in one read of the event loop.
  await new Promise((r) => setTimeout(r, 50))
  // All upgrade requests for the one ticket, written in one synchronous loop.
  for (const s of sockets) {
    s.write(
      `GET /realtime/${doc}?ticket=${ticket} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nOrigin: ${ORIGIN}\r\n\r\n`,
    )
  }
  await waitFor(() => watchers.every((w) => w.outcome() !== null), 10_000, 'every socket admitted or refused')
  for (const s of sockets) s.destroy()
  return watchers.map((w) => w.outcome()!)
}

describe(`single-use tickets under simultaneous upgrades on ${dbKind}`, () => {
  it.each([
    [8, 20],
    [2, 10],
  ])('%i upgrades on one ticket, %i rounds: exactly one socket gets the document, every other is refused with 4401', async (n, rounds) => {
    for (let r = 0; r < rounds; r++) {
      const outcomes = await round(n)
      const admitted = outcomes.filter((o) => o.admitted).length
      const refused = outcomes.filter((o) => o.closeCode === 4401).length
      expect({ round: r, admitted, refused }).toEqual({ round: r, admitted: 1, refused: n - 1 })
    }
  }, 60_000)
})
