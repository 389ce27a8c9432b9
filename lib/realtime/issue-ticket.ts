import { can, type MemberContext } from '@/lib/auth/membership'
import { config } from '@/lib/config'
import { ForbiddenError, ValidationError } from '@/lib/errors'
import { parseDocName } from '@/realtime/doc-name'
import { REALTIME_PATH } from '@/realtime/paths'
import { createTicket } from '@/realtime/tickets'

export type IssuedTicket = { url: string; params: Record<string, string> }

/**
 * A single-use, short-lived ticket that admits `ctx`'s user to one live
 * document of `ctx`'s workspace. `url` and `params` go into the
 * WebsocketProvider (serverUrl and `params`), with `doc` as its room name.
 * Throws ValidationError for a malformed name, ForbiddenError for a document
 * of another workspace or a role without 'maps.read'.
 */
export async function issueTicket(ctx: MemberContext, doc: string, opts: { baseUrl?: string } = {}): Promise<IssuedTicket> {
  const parsed = typeof doc === 'string' ? parseDocName(doc) : null
  if (!parsed) throw new ValidationError({ doc: ['Not a document name'] })
  if (parsed.workspaceId !== ctx.workspaceId.toLowerCase()) throw new ForbiddenError('This document belongs to another workspace')
  if (!can(ctx, 'maps.read')) throw new ForbiddenError()
  const ticket = await createTicket(ctx.userId, ctx.workspaceId, doc)
  const base = new URL(opts.baseUrl ?? config().realtimeUrl)
  base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:'
  return { url: `${base.origin}${REALTIME_PATH}`, params: { ticket } }
}
