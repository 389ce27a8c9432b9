/**
 * Presence identity: what the server writes into the `user` field of every
 * awareness state a connection sends, so a client can only ever name itself.
 */
export type PresenceUser = { id: string; name: string; colour: string }

const PALETTE = ['#e11d48', '#d97706', '#059669', '#0891b2', '#2563eb', '#7c3aed', '#c026d3', '#4d7c0f', '#b45309', '#0f766e']

/** A stable colour per user. */
export function colourFor(userId: string): string {
  let h = 2166136261
  for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 16777619)
  return PALETTE[(h >>> 0) % PALETTE.length]!
}

export function presenceUser(userId: string, name: string): PresenceUser {
  return { id: userId, name, colour: colourFor(userId) }
}
