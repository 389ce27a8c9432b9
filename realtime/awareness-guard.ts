/**
 * Checks a client's awareness update before it is applied: a connection may
 * only speak for awareness client ids it owns (the first it claims, up to a
 * few), and every state it sends gets the connection's own `user` written in.
 * An id is bound to the socket that first announced it, for that socket's
 * life; released on close, it stays reserved for the same person (`lastUser`,
 * for the document's life), so another socket can never write or remove it:
 * not while its owner is connected, not after, and never by sending a null
 * state (a removal) for an id it does not own.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Awareness } from 'y-protocols/awareness'
import { ProtocolError } from './protocol'
import type { PresenceUser } from './presence'

export const MAX_CLIENT_IDS_PER_CONNECTION = 4
/** Released client ids remembered per loaded document (oldest forgotten first). */
const MAX_REMEMBERED_IDS = 10_000

export type Owner = { user: PresenceUser; clientIds: Set<number> }

/** The rewritten update, or null when nothing in it may be applied. Throws ProtocolError on malformed input. */
export function guardAwareness(
  update: Uint8Array,
  conn: Owner,
  owners: Map<number, Owner>,
  awareness: Awareness,
  lastUser: Map<number, string>,
): Uint8Array | null {
  const out: { clientId: number; clock: number; state: string }[] = []
  try {
    const d = decoding.createDecoder(update)
    const n = decoding.readVarUint(d)
    for (let i = 0; i < n; i++) {
      const clientId = decoding.readVarUint(d)
      const clock = decoding.readVarUint(d)
      const raw = decoding.readVarString(d)
      const state: unknown = JSON.parse(raw)
      const owner = owners.get(clientId)
      if (owner && owner !== conn) continue
      if (!owner) {
        if (state === null) continue
        const existing = awareness.getStates().get(clientId) as { user?: { id?: unknown } } | undefined
        if (existing && existing.user?.id !== conn.user.id) continue
        const previous = lastUser.get(clientId)
        if (previous !== undefined && previous !== conn.user.id) continue
        if (conn.clientIds.size >= MAX_CLIENT_IDS_PER_CONNECTION) continue
        owners.set(clientId, conn)
        conn.clientIds.add(clientId)
        if (lastUser.size >= MAX_REMEMBERED_IDS) lastUser.delete(lastUser.keys().next().value!)
        lastUser.set(clientId, conn.user.id)
      }
      if (state === null) {
        out.push({ clientId, clock, state: 'null' })
        continue
      }
      const obj = typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {}
      out.push({ clientId, clock, state: JSON.stringify({ ...obj, user: conn.user }) })
    }
  } catch (err) {
    throw new ProtocolError(`malformed awareness update: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (out.length === 0) return null
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, out.length)
  for (const o of out) {
    encoding.writeVarUint(e, o.clientId)
    encoding.writeVarUint(e, o.clock)
    encoding.writeVarString(e, o.state)
  }
  return encoding.toUint8Array(e)
}
