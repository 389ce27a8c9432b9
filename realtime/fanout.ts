/**
 * Cross-process fan-out messages (Redis pub/sub, one channel per document).
 * Each carries the sending process's id. Updates carry that process's
 * sequence number; `ack` tells peers which of them are now stored, so a peer
 * that dies before its group commit has its updates stored by a survivor.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export type FanoutMessage =
  | { kind: 'update'; seq: number; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'ack'; seq: number }
  | { kind: 'sync-request'; stateVector: Uint8Array }
  | { kind: 'sync-reply'; seq: number; update: Uint8Array }

const KINDS = ['update', 'awareness', 'ack', 'sync-request', 'sync-reply'] as const

export function encodeFanout(peer: string, m: FanoutMessage): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, KINDS.indexOf(m.kind))
  encoding.writeVarString(e, peer)
  if (m.kind === 'update' || m.kind === 'sync-reply') {
    encoding.writeVarUint(e, m.seq)
    encoding.writeVarUint8Array(e, m.update)
  } else if (m.kind === 'ack') encoding.writeVarUint(e, m.seq)
  else if (m.kind === 'awareness') encoding.writeVarUint8Array(e, m.update)
  else encoding.writeVarUint8Array(e, m.stateVector)
  return encoding.toUint8Array(e)
}

export function decodeFanout(data: Uint8Array): { peer: string; message: FanoutMessage } {
  const d = decoding.createDecoder(data)
  const kind = KINDS[decoding.readVarUint(d)]
  const peer = decoding.readVarString(d)
  switch (kind) {
    case 'update':
    case 'sync-reply':
      return { peer, message: { kind, seq: decoding.readVarUint(d), update: decoding.readVarUint8Array(d) } }
    case 'ack':
      return { peer, message: { kind, seq: decoding.readVarUint(d) } }
    case 'awareness':
      return { peer, message: { kind, update: decoding.readVarUint8Array(d) } }
    case 'sync-request':
      return { peer, message: { kind, stateVector: decoding.readVarUint8Array(d) } }
    default:
      throw new Error('unknown fan-out message')
  }
}

/** What the engine needs from a fan-out transport. */
export interface Fanout {
  readonly peerId: string
  join(doc: string): Promise<void>
  leave(doc: string): Promise<void>
  publish(doc: string, m: FanoutMessage): void
  publishMembershipChange(workspaceId: string, userId: string): void
  close(): Promise<void>
}

export type FanoutHandlers = {
  onMessage: (doc: string, peer: string, m: FanoutMessage) => void
  onMembershipChange: (workspaceId: string, userId: string) => void
  /** After a reconnect to Redis: messages may have been missed. */
  onResubscribed: () => void
}
