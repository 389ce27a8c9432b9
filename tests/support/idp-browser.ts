/**
 * Walks an IdP's authorization flow the way a browser would (its own cookie
 * jar, manual redirects, the login form of tests/support/oidc-idp.ts) until
 * the IdP redirects to the app; returns that callback URL.
 */
export async function browseIdp(authorizeUrl: string, opts: { login?: string; appOrigin: string }): Promise<URL> {
  const jar = new Map<string, string>()
  const go = async (url: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } })
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const i = pair.indexOf('=')
      jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim())
    }
    return res
  }
  let url = authorizeUrl
  let res = await go(url)
  for (let hop = 0; hop < 15; hop++) {
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url)
      if (next.origin === opts.appOrigin) return next
      url = next.href
      res = await go(url)
      continue
    }
    const html = await res.text()
    const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1]
    if (!action || !opts.login) throw new Error(`the IdP answered ${res.status} without a redirect or login form: ${html.slice(0, 300)}`)
    url = new URL(action, url).href
    res = await go(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login: opts.login }).toString() })
  }
  throw new Error('too many redirects at the IdP')
}
