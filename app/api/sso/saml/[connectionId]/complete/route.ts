import { NextResponse, type NextRequest } from 'next/server'
import { requestCookie } from '@/lib/auth/current-session'
import { config } from '@/lib/config'
import { loadSamlConnection } from '@/lib/sso/saml/load-saml-connection'
import { finishSamlSignIn, SAML_BROWSER_COOKIE } from '@/lib/sso/saml/sign-in'

export const dynamic = 'force-dynamic'

/** The last step of an SP-initiated SAML sign-in: only the browser that started it gets the session (lib/sso/saml/sign-in.ts). */
export async function GET(req: NextRequest, { params }: { params: Promise<{ connectionId: string }> }) {
  const { connectionId } = await params
  const to = (path: string) => new URL(path, config().appUrl)
  const sso = await loadSamlConnection(connectionId)
  if (!sso) return NextResponse.redirect(to('/signin?error=sso_unavailable'), 303)
  const outcome = await finishSamlSignIn(sso, req.nextUrl.searchParams.get('c') ?? '', requestCookie(req, [SAML_BROWSER_COOKIE]), req.headers)
  const res = NextResponse.redirect(to(outcome.location), 303)
  for (const c of outcome.cookies) res.headers.append('set-cookie', c)
  res.headers.set('cache-control', 'no-store')
  return res
}
