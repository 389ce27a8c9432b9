/**
 * A real SMTP server for tests, on loopback, keeping every message in memory,
 * with a small HTTP API to read them back (see tests/support/mail-client.ts).
 *
 * In-process: `const mail = await startMailServer()`; point the app at
 * `mail.smtpUrl`, read with `waitForMail(mail.apiUrl, to)`.
 *
 * As its own process: `npx tsx tests/support/mail-server.ts` prints one JSON
 * line `{"smtpUrl":...,"apiUrl":...}` and runs until SIGINT/SIGTERM; the
 * ports come from MAIL_SMTP_PORT / MAIL_API_PORT (default: any free port).
 *
 * API: `GET /messages[?to=<email>]` (JSON array, newest first, recipient
 * matched case-insensitively), `DELETE /messages` (clears everything).
 */
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { Mail } from './mail-client'
import { isMain } from './is-main'

export type { Mail } from './mail-client'

export type MailServer = {
  /** e.g. `smtp://127.0.0.1:40123` (plain SMTP, no TLS, any or no authentication). */
  smtpUrl: string
  /** e.g. `http://127.0.0.1:40124`. */
  apiUrl: string
  close(): Promise<void>
}

export type MailServerOptions = {
  /** Fixed ports; 0 (the default) picks a free one. */
  smtpPort?: number
  apiPort?: number
}

export async function startMailServer(opts: MailServerOptions = {}): Promise<MailServer> {
  const messages: Mail[] = []

  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    // A client configured with credentials may still try AUTH: accept anything.
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' })
    },
    logger: false,
    disableReverseLookup: true,
    banner: 'Touchmap test mail server',
    // close() waits this long for open (e.g. pooled) client connections.
    closeTimeout: 500,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
          messages.push({
            id: randomUUID(),
            to: session.envelope.rcptTo.map((a) => a.address),
            from: parsed.from?.text || envelopeFrom,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
            date: new Date().toISOString(),
          })
          callback()
        })
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))))
    },
  })
  // A client dropping the connection is not worth crashing the test run over.
  smtp.on('error', () => {})

  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject)
    smtp.listen(opts.smtpPort ?? 0, '127.0.0.1', () => {
      smtp.server.off('error', reject)
      resolve()
    })
  })
  const smtpPort = (smtp.server.address() as AddressInfo).port

  const api: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname !== '/messages') return send(404, { error: 'not found' })
    if (req.method === 'GET') {
      const to = url.searchParams.get('to')?.trim().toLowerCase()
      const list = messages
        .filter((m) => !to || m.to.some((a) => a.toLowerCase() === to))
        .slice()
        .reverse()
      return send(200, list)
    }
    if (req.method === 'DELETE') {
      messages.length = 0
      return send(200, { ok: true })
    }
    return send(405, { error: 'method not allowed' })
  })
  await new Promise<void>((resolve, reject) => {
    api.once('error', reject)
    api.listen(opts.apiPort ?? 0, '127.0.0.1', () => {
      api.off('error', reject)
      resolve()
    })
  })
  const apiPort = (api.address() as AddressInfo).port

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    async close() {
      api.closeAllConnections()
      await Promise.all([
        new Promise<void>((resolve) => api.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ])
    },
  }
}


if (isMain(import.meta.url)) {
  const server = await startMailServer({
    smtpPort: Number(process.env.MAIL_SMTP_PORT ?? 0),
    apiPort: Number(process.env.MAIL_API_PORT ?? 0),
  })
  console.log(JSON.stringify({ smtpUrl: server.smtpUrl, apiUrl: server.apiUrl }))
  const stop = () => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
