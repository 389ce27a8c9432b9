import { NextResponse, type NextRequest } from 'next/server'
import { config } from '@/lib/config'
import { xmlEscape as escapeHtml } from '@/lib/exports/svg'
import { loadSamlConnection } from '@/lib/sso/saml/load-saml-connection'
import { startSamlSignIn } from '@/lib/sso/saml/sign-in'

export const dynamic = 'force-dynamic'

const nonceOf = (req: NextRequest) => /'nonce-([^']+)'/.exec(req.headers.get('content-security-policy') ?? '')?.[1] ?? null

/** SP-initiated SAML sign-in: an AuthnRequest to the IdP, by redirect or by an auto-submitted form (POST binding). */
export async function GET(req: NextRequest, { params }: { params: Promise<{ connectionId: string }> }) {
  const { connectionId } = await params
  const sso = await loadSamlConnection(connectionId)
  if (!sso) return NextResponse.redirect(`${config().appUrl}/signin?error=sso_unavailable`, 303)
  const start = await startSamlSignIn(sso, req.nextUrl.searchParams.get('callbackUrl') ?? '/')
  if (start.kind === 'redirect') {
    const res = NextResponse.redirect(start.url, 303)
    res.headers.append('set-cookie', start.cookie)
    return res
  }
  const nonce = nonceOf(req)
  const inputs = Object.entries(start.fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('')
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title><meta name="robots" content="noindex"></head><body>
<form id="saml" method="post" action="${escapeHtml(start.url)}">${inputs}<p>Taking you to ${escapeHtml(sso.name)}…</p><button type="submit">Continue</button></form>
${nonce ? `<script nonce="${escapeHtml(nonce)}">document.getElementById('saml').submit()</script>` : ''}</body></html>`
  return new NextResponse(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'set-cookie': start.cookie } })
}
