import { NextResponse, type NextRequest } from 'next/server'
import { openShareLink, SHARE_HEADERS, unlockCookieName, unlocked } from '@/lib/sharing/share-links'
import { watchShare } from '@/lib/sharing/share-watch'

export const dynamic = 'force-dynamic'

/**
 * GET: a server-sent event stream for an open share view: `change` when what
 * the link shows changed (the page re-reads it), `gone` when the link was
 * revoked or expired or its map deleted (then the stream ends). Read-only by
 * nature: a viewer never gets a socket to the map's live document.
 */
export async function GET(req: NextRequest, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params
  const link = await openShareLink(token)
  if (!link) return NextResponse.json({ error: 'This link does not exist or no longer works', code: 'not_found' }, { status: 404, headers: SHARE_HEADERS })
  if (!unlocked(link, req.cookies.get(unlockCookieName(link))?.value)) return NextResponse.json({ error: 'This map is protected by a password', code: 'password_required' }, { status: 401, headers: SHARE_HEADERS })
  const enc = new TextEncoder()
  let off: (() => void) | null = null
  let ping: NodeJS.Timeout | null = null
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string) => {
        try {
          controller.enqueue(enc.encode(`event: ${event}\ndata: {}\n\n`))
        } catch {
          /* closed */
        }
      }
      const close = () => {
        off?.()
        if (ping) clearInterval(ping)
        try {
          controller.close()
        } catch {
          /* already closed */
        }
      }
      send('ready')
      off = watchShare(token, {
        change: () => send('change'),
        gone: () => {
          send('gone')
          close()
        },
      })
      // A comment every 20 s keeps proxies from closing an idle stream.
      ping = setInterval(() => send('ping'), 20_000)
      req.signal.addEventListener('abort', close)
    },
    cancel() {
      off?.()
      if (ping) clearInterval(ping)
    },
  })
  return new Response(stream, { headers: { ...SHARE_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive', 'x-accel-buffering': 'no' } })
}
