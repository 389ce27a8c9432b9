import { AsyncLocalStorage } from 'node:async_hooks'

const sink = new AsyncLocalStorage<string[]>()

/**
 * Cookies that code running inside an Auth.js request (its callbacks) wants
 * on the response: Auth.js builds its own Response, so the route wraps it
 * (withResponseCookies) and appends them. Returns false outside such a request.
 */
export function addResponseCookie(setCookie: string): boolean {
  const cookies = sink.getStore()
  if (!cookies) return false
  cookies.push(setCookie)
  return true
}

export async function withResponseCookies(handle: () => Promise<Response>): Promise<Response> {
  const cookies: string[] = []
  const res = await sink.run(cookies, handle)
  if (!cookies.length) return res
  const out = new Response(res.body, res)
  for (const c of cookies) out.headers.append('set-cookie', c)
  return out
}
