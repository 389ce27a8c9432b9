/**
 * The process's realtime engine, on globalThis: the custom server attaches
 * it, and code in the Next bundle (metrics route, member services, the
 * document API) reaches it here. Normally one per process; when several are
 * attached (tests), the oldest open one answers.
 */
import type { Realtime } from './index'

const g = globalThis as unknown as { __touchmapRealtime?: Realtime[] }

export function registerRealtime(r: Realtime): void {
  ;(g.__touchmapRealtime ??= []).push(r)
}

export function unregisterRealtime(r: Realtime): void {
  g.__touchmapRealtime = (g.__touchmapRealtime ?? []).filter((x) => x !== r)
}

export function realtimeHandle(): Realtime | null {
  return g.__touchmapRealtime?.[0] ?? null
}

/**
 * A member's role changed or they were removed: their open sockets are
 * re-checked now (closed, or turned read-only), in this process and, through
 * Redis, in the others. Without this call the periodic re-check does it
 * within about a second.
 */
export async function notifyMembershipChanged(workspaceId: string, userId: string): Promise<void> {
  await Promise.all((g.__touchmapRealtime ?? []).map((r) => r.notifyMembershipChanged(workspaceId, userId)))
}
