import { z } from 'zod'
import { requireMembership } from '@/lib/auth/membership'
import { ValidationError } from '@/lib/errors'
import { route } from '@/lib/http/route'
import { issueTicket } from '@/lib/realtime/issue-ticket'
import { parseDocName } from '@/realtime/doc-name'

const body = z.object({ doc: z.string({ error: 'doc is required: the name of a live document' }).min(1, 'doc is required').max(300, 'doc is too long') })

/**
 * A single-use ticket (60 s) that admits the signed-in member to one live
 * document: {"url", "params"} for the y-websocket provider. The document's
 * workspace comes from its name; a non-member gets 404.
 */
export const POST = route({ access: 'user', body }, async ({ session, body }) => {
  const parsed = parseDocName(body.doc)
  if (!parsed) throw new ValidationError({ doc: ['Not a document name (ws.<workspace id>.<name>)'] })
  const member = await requireMembership(session!, { id: parsed.workspaceId }, 'maps.read')
  return issueTicket(member, body.doc)
})
