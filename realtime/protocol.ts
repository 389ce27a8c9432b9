/**
 * The y-websocket wire protocol (what the stock WebsocketProvider speaks):
 * one message per frame, a varUint type, then the payload.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export const MSG_SYNC = 0
export const MSG_AWARENESS = 1
export const MSG_AUTH = 2
export const MSG_QUERY_AWARENESS = 3

export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2' | 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }
  | { kind: 'auth' }

export class ProtocolError extends Error {}

/** Decodes one client frame; throws ProtocolError on anything malformed or unknown. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const d = decoding.createDecoder(data)
    const type = decoding.readVarUint(d)
    switch (type) {
      case MSG_SYNC: {
        const sub = decoding.readVarUint(d)
        const payload = decoding.readVarUint8Array(d)
        if (sub === SYNC_STEP1) return { kind: 'sync-step1', stateVector: payload }
        if (sub === SYNC_STEP2) return { kind: 'sync-step2', update: payload }
        if (sub === SYNC_UPDATE) return { kind: 'update', update: payload }
        throw new ProtocolError(`unknown sync message ${sub}`)
      }
      case MSG_AWARENESS:
        return { kind: 'awareness', update: decoding.readVarUint8Array(d) }
      case MSG_QUERY_AWARENESS:
        return { kind: 'query-awareness' }
      case MSG_AUTH:
        return { kind: 'auth' }
      default:
        throw new ProtocolError(`unknown message type ${type}`)
    }
  } catch (err) {
    if (err instanceof ProtocolError) throw err
    throw new ProtocolError(`malformed message: ${err instanceof Error ? err.message : String(err)}`)
  }
}

function frame(type: number, sub: number | null, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  if (sub !== null) encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => frame(MSG_SYNC, SYNC_STEP1, stateVector)
export const encodeSyncStep2 = (update: Uint8Array) => frame(MSG_SYNC, SYNC_STEP2, update)
export const encodeUpdate = (update: Uint8Array) => frame(MSG_SYNC, SYNC_UPDATE, update)
export const encodeAwareness = (update: Uint8Array) => frame(MSG_AWARENESS, null, update)

/** An awareness message with no entries: the client treats it as traffic (its 30 s watchdog) and changes nothing. */
export const KEEPALIVE = encodeAwareness(new Uint8Array([0]))
