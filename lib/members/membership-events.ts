import { EventEmitter } from 'node:events'

/**
 * In-process signal that a member's role changed or they left; the realtime
 * engine listens to close or downgrade their open sockets at once (it also
 * re-checks periodically, which covers other processes).
 */
const g = globalThis as unknown as { __touchmapMembershipEvents?: EventEmitter }
const bus = (g.__touchmapMembershipEvents ??= new EventEmitter().setMaxListeners(50))

export type MembershipChange = { workspaceId: string; userId: string }

export function emitMembershipChanged(change: MembershipChange): void {
  bus.emit('changed', change)
}

export function onMembershipChanged(listener: (change: MembershipChange) => void): () => void {
  bus.on('changed', listener)
  return () => bus.off('changed', listener)
}
