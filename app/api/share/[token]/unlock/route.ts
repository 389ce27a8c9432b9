import { NextResponse } from 'next/server'
import { z } from 'zod'
import { clientIp } from '@/lib/auth/client-ip'
import { NotFoundError } from '@/lib/errors'
import { route } from '@/lib/http/route'
import { openShareLink, SHARE_HEADERS, unlockCookieName, unlockShareLink } from '@/lib/sharing/share-links'

const body = z.object({ password: z.string({ error: 'Enter the password' }).min(1, 'Enter the password').max(200, 'That password is not right') })

/** POST {password}: unlocks a password-protected link in this browser (an HttpOnly cookie for this link). Limited per link and address. */
export const POST = route({ access: 'public', body, maxBodyBytes: 2048 }, async ({ req, params, body }) => {
  const link = await openShareLink(params.token ?? '')
  if (!link) throw new NotFoundError('This link does not exist or no longer works')
  const value = await unlockShareLink(link, body.password, clientIp(req.headers))
  const res = NextResponse.json({ ok: true }, { headers: SHARE_HEADERS })
  res.cookies.set(unlockCookieName(link), value, { httpOnly: true, sameSite: 'lax', secure: req.nextUrl.protocol === 'https:', path: '/', maxAge: 12 * 3600 })
  return res
})
