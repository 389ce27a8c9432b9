import type { MemberContext } from '@/lib/auth/membership'
import { issueTicket } from '@/lib/realtime/issue-ticket'
import type { InitialTickets } from '@/components/map-editor/use-live-docs'

/**
 * Tickets for the editor's first connect to both live documents, issued with
 * the page so the editor connects as soon as it runs instead of asking for
 * each first (two round trips at the busiest moment of the load). Single use
 * and short-lived like any ticket; a reconnect fetches its own.
 */
export async function ticketsForPage(member: MemberContext, catalogDoc: string, mapDoc: string): Promise<InitialTickets> {
  const [catalog, map] = await Promise.all([issueTicket(member, catalogDoc), issueTicket(member, mapDoc)])
  return { catalog, map, issuedAt: Date.now() }
}
