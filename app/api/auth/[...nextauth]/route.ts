import type { NextRequest } from 'next/server'
import { NextResponse } from 'next/server'
import { handlers } from '@/lib/auth/auth'
import { clientIp } from '@/lib/auth/client-ip'
import { guardSignInAttempt } from '@/lib/auth/rate-limit'
import { withResponseCookies } from '@/lib/auth/response-cookies'
import { errorResponse } from '@/lib/http/route'
import { isSameOrigin } from '@/lib/http/origin'

/** Auth.js's GET endpoints (callbacks included), with the cookies its callbacks add (lib/auth/response-cookies.ts). */
export const GET = (req: NextRequest) => withResponseCookies(() => handlers.GET(req))

/**
 * Auth.js's POST endpoints, behind an Origin check, with email sign-in
 * requests rate limited per email and per IP like the sign-in form's.
 */
export async function POST(req: NextRequest) {
  if (!isSameOrigin(req.headers)) {
    return NextResponse.json({ error: 'Cross-origin requests are refused', code: 'bad_origin' }, { status: 403 })
  }
  if (/\/signin\/email\/?$/.test(req.nextUrl.pathname)) {
    const form = await req.clone().formData().catch(() => null)
    const email = form?.get('email')
    try {
      await guardSignInAttempt({ email: typeof email === 'string' ? email : null, ip: clientIp(req.headers) })
    } catch (err) {
      return errorResponse(err)
    }
  }
  return withResponseCookies(() => handlers.POST(req))
}
