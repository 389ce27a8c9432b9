import { NextResponse } from 'next/server'
import { route } from '@/lib/http/route'
import { NotFoundError } from '@/lib/errors'
import { openShareLink, SHARE_HEADERS, touchShareLink, unlockCookieName, unlocked } from '@/lib/sharing/share-links'
import { sharedMap } from '@/lib/sharing/share-view'


/** GET: what the share link shows (404 once revoked, expired or its map deleted; 401 until its password is given). */
export const GET = route({ access: 'public' }, async ({ req, params }) => {
  const link = await openShareLink(params.token ?? '')
  if (!link) throw new NotFoundError('This link does not exist or no longer works')
  if (!unlocked(link, req.cookies.get(unlockCookieName(link))?.value)) {
    return NextResponse.json({ error: 'This map is protected by a password', code: 'password_required' }, { status: 401, headers: SHARE_HEADERS })
  }
  const map = await sharedMap(link)
  if (!map) throw new NotFoundError('This link does not exist or no longer works')
  void touchShareLink(link)
  return NextResponse.json(map, { headers: SHARE_HEADERS })
})
