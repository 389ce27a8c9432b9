/**
 * Client side of the test mail server (tests/support/mail-server.ts): reads
 * what the app sent, over the server's small HTTP API. Safe to import from
 * Playwright specs and Vitest tests alike (no server dependencies).
 */

export type Mail = {
  id: string
  /** Envelope recipients (RCPT TO), as given by the sender. */
  to: string[]
  /** The From header as text, e.g. `Touchmap <no-reply@example.test>` (the envelope sender if absent). */
  from: string
  subject: string
  text: string
  /** The HTML part, or null when the message has none. */
  html: string | null
  /** When the server received the message (ISO 8601). */
  date: string
}

export type WaitForMailOptions = {
  /** Only a message whose subject matches. */
  subject?: RegExp
  /** Give up after this long (default 10 s). */
  timeoutMs?: number
  /** Only a message received at or after this instant. */
  after?: Date
}

/** Messages for `to` (case-insensitive), newest first; every message when `to` is omitted. */
export async function listMail(apiUrl: string, to?: string): Promise<Mail[]> {
  const url = new URL('/messages', apiUrl)
  if (to !== undefined) url.searchParams.set('to', to)
  const res = await fetch(url)
  if (!res.ok) throw new Error(`mail server: GET ${url} answered ${res.status}`)
  return (await res.json()) as Mail[]
}

/** Forgets every message the server holds. */
export async function clearMail(apiUrl: string): Promise<void> {
  const res = await fetch(new URL('/messages', apiUrl), { method: 'DELETE' })
  if (!res.ok) throw new Error(`mail server: DELETE /messages answered ${res.status}`)
}

/**
 * Polls the mail server every 100 ms until a message to `to` (matching the
 * options) arrives, and returns the newest such message.
 */
export async function waitForMail(apiUrl: string, to: string, opts: WaitForMailOptions = {}): Promise<Mail> {
  const timeoutMs = opts.timeoutMs ?? 10_000
  const deadline = Date.now() + timeoutMs
  const after = opts.after?.getTime()
  let seen: Mail[] = []
  for (;;) {
    seen = await listMail(apiUrl, to)
    const hit = seen.find(
      (m) => (opts.subject === undefined || opts.subject.test(m.subject)) && (after === undefined || Date.parse(m.date) >= after),
    )
    if (hit) return hit
    if (Date.now() >= deadline) {
      const subjects = seen.map((m) => `  ${m.date} ${JSON.stringify(m.subject)}`).join('\n') || '  (none)'
      throw new Error(
        `no mail to ${to}${opts.subject ? ` with subject ${opts.subject}` : ''}` +
          `${opts.after ? ` after ${opts.after.toISOString()}` : ''} within ${timeoutMs} ms; messages to ${to}:\n${subjects}`,
      )
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

const URL_RE = /https?:\/\/[^\s<>"'`]+/g

function candidates(mail: Mail): string[] {
  const found = [...(mail.text.match(URL_RE) ?? [])]
  // Fall back to the HTML part's links (with the entity HTML always escapes in attributes).
  if (mail.html) found.push(...(mail.html.replace(/&amp;/g, '&').match(URL_RE) ?? []))
  // Drop punctuation that ends a sentence or closes brackets around the link.
  return found.map((u) => u.replace(/[.,;:!?)\]}>]+$/, ''))
}

/**
 * The first http(s) URL in the message (its text, then its HTML) whose path
 * starts with `pathPrefix`, e.g. `extractLink(mail, '/invite/')`.
 */
export function extractLink(mail: Mail, pathPrefix: string): string {
  const all = candidates(mail)
  for (const raw of all) {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      continue
    }
    if (url.pathname.startsWith(pathPrefix)) return url.href
  }
  throw new Error(
    `no link with a path starting with ${JSON.stringify(pathPrefix)} in the mail ${JSON.stringify(mail.subject)} to ${mail.to.join(', ')}; ` +
      `links found: ${all.length ? all.join(' ') : '(none)'}`,
  )
}
