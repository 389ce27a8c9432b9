import { NextRequest } from 'next/server'
import { GET, POST } from '@/app/api/auth/[...nextauth]/route'
import { config } from '@/lib/config'

/**
 * Drives Auth.js's real route handlers in-process, with a cookie jar: the
 * requests a browser would send, without a browser.
 */
export class AuthClient {
  cookies = new Map<string, string>()
  constructor(readonly ip = '203.0.113.7') {}

  private headers(extra: Record<string, string> = {}) {
    const h = new Headers({ 'x-forwarded-for': this.ip, 'user-agent': 'vitest', ...extra })
    if (this.cookies.size) h.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    return h
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair!.indexOf('=')
      const name = pair!.slice(0, i)
      const value = pair!.slice(i + 1)
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return res
  }

  async get(pathOrUrl: string): Promise<Response> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${config().appUrl}${pathOrUrl}`
    return this.keep(await GET(new NextRequest(url, { headers: this.headers() })))
  }

  async post(path: string, form: Record<string, string>, origin: string | null = config().appUrl): Promise<Response> {
    const headers = this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) })
    const req = new NextRequest(`${config().appUrl}${path}`, { method: 'POST', headers, body: new URLSearchParams(form).toString() })
    return this.keep(await POST(req))
  }

  async csrf(): Promise<string> {
    const r = await this.get('/api/auth/csrf')
    return ((await r.json()) as { csrfToken: string }).csrfToken
  }

  /** POST /api/auth/signin/email, as the sign-in form would. */
  async requestMagicLink(email: string, callbackUrl = '/'): Promise<Response> {
    return this.post('/api/auth/signin/email', { email, csrfToken: await this.csrf(), callbackUrl })
  }

  sessionToken(): string | undefined {
    return this.cookies.get('authjs.session-token')
  }
}
