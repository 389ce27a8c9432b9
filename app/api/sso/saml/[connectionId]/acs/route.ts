import { NextResponse, type NextRequest } from 'next/server'
import { config } from '@/lib/config'
import { PayloadTooLargeError, readBodyText } from '@/lib/http/route'
import { recordSsoRefusal } from '@/lib/sso/refusals'
import { loadSamlConnection } from '@/lib/sso/saml/load-saml-connection'
import { completeSamlSignIn } from '@/lib/sso/saml/sign-in'
import { SAML_MAX_BYTES } from '@/lib/sso/saml/xml'

export const dynamic = 'force-dynamic'

/**
 * The assertion consumer service: the IdP's browser POST. It comes from the
 * IdP's origin, so it is not held to the app's Origin rule; the SAML checks
 * (signature, audience, recipient, InResponseTo, replay) stand in its place.
 */
export async function POST(req: NextRequest, { params }: { params: Promise<{ connectionId: string }> }) {
  const { connectionId } = await params
  const to = (path: string) => new URL(path, config().appUrl)
  const sso = await loadSamlConnection(connectionId)
  if (!sso) return NextResponse.redirect(to('/signin?error=sso_unavailable'), 303)
  let text: string
  try {
    // Base64 and form encoding make the body about 1.4x the XML.
    text = await readBodyText(req, Math.ceil(SAML_MAX_BYTES * 1.5))
  } catch (err) {
    if (!(err instanceof PayloadTooLargeError)) throw err
    await recordSsoRefusal(sso, { reason: 'saml_too_large', detail: `The response is larger than ${SAML_MAX_BYTES / 1024} KB` })
    return NextResponse.redirect(to('/signin?error=sso_saml_too_large'), 303)
  }
  const form = Object.fromEntries(new URLSearchParams(text))
  const outcome = await completeSamlSignIn(sso, form, req.headers)
  const res = NextResponse.redirect(to(outcome.location), 303)
  for (const c of outcome.cookies) res.headers.append('set-cookie', c)
  res.headers.set('cache-control', 'no-store')
  return res
}
