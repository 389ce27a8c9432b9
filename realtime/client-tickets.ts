/**
 * Client side: keeps a stock WebsocketProvider supplied with fresh tickets.
 * Tickets are single use, so every (re)connect needs a new one: create the
 * provider with `connect: false` and hand it to this function. `fetchTicket`
 * resolves to the ticket (`POST /api/realtime/tickets` in the app), or null
 * when access is gone (stop reconnecting).
 */
import type { WebsocketProvider } from 'y-websocket'

export type TicketSource = () => Promise<{ url: string; params: Record<string, string> } | null>

export function connectWithTickets(provider: WebsocketProvider, fetchTicket: TicketSource, opts: { maxBackoffMs?: number } = {}): () => void {
  let stopped = false
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  const connect = async () => {
    timer = null
    if (stopped) return
    let ticket: Awaited<ReturnType<TicketSource>>
    try {
      ticket = await fetchTicket()
    } catch {
      attempt++
      timer = setTimeout(connect, Math.min(opts.maxBackoffMs ?? 5000, 100 * 2 ** attempt))
      return
    }
    if (stopped || !ticket) return
    attempt = 0
    provider.serverUrl = ticket.url.replace(/\/+$/, '')
    provider.params = ticket.params
    provider.connect()
  }

  const onClose = () => {
    if (stopped) return
    // The provider would retry with the used ticket: take over, after its own close handling finished.
    setTimeout(() => {
      if (stopped) return
      provider.disconnect()
      attempt++
      timer ??= setTimeout(connect, Math.min(opts.maxBackoffMs ?? 2500, 50 * 2 ** Math.min(attempt, 6)))
    }, 0)
  }
  provider.on('connection-close', onClose)
  const onSync = (synced: boolean) => {
    if (synced) attempt = 0
  }
  provider.on('sync', onSync)
  void connect()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    provider.off('connection-close', onClose)
    provider.off('sync', onSync)
  }
}
