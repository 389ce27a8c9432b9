/**
 * Open share viewers follow the map live, and learn within half a second
 * that their link was revoked or expired: one poller per token and process
 * re-opens the link and compares what it shows (two small queries), however
 * many viewers have it open.
 */
import { log } from '@/lib/log'
import { openShareLink } from './share-links'
import { sharedVersion } from './share-view'

export const SHARE_POLL_MS = 500

type Listener = { change: () => void; gone: () => void }
type Poller = { listeners: Set<Listener>; timer: NodeJS.Timeout | null; version: string | null; running: boolean }

const g = globalThis as unknown as { __touchmapSharePollers?: Map<string, Poller> }
const pollers = (g.__touchmapSharePollers ??= new Map())

async function tick(token: string, p: Poller): Promise<void> {
  if (p.running) return
  p.running = true
  try {
    const link = await openShareLink(token)
    const version = link ? await sharedVersion(link) : null
    if (!link || !version) {
      for (const l of [...p.listeners]) l.gone()
      stop(token)
      return
    }
    if (p.version !== null && version !== p.version) for (const l of [...p.listeners]) l.change()
    p.version = version
  } catch (err) {
    log.warn('sharing: checking a link failed', { err: String(err) })
  } finally {
    p.running = false
  }
}

function stop(token: string): void {
  const p = pollers.get(token)
  if (!p) return
  if (p.timer) clearInterval(p.timer)
  pollers.delete(token)
}

/** Calls `change` when what the link shows changes and `gone` once it stops working; returns the unsubscribe. */
export function watchShare(token: string, listener: Listener): () => void {
  let p = pollers.get(token)
  if (!p) {
    const created: Poller = { listeners: new Set(), timer: null, version: null, running: false }
    created.timer = setInterval(() => void tick(token, created), SHARE_POLL_MS)
    created.timer.unref?.()
    pollers.set(token, created)
    void tick(token, created)
    p = created
  }
  p.listeners.add(listener)
  const mine = p
  return () => {
    mine.listeners.delete(listener)
    if (mine.listeners.size === 0 && pollers.get(token) === mine) stop(token)
  }
}
