import { AsyncLocalStorage } from 'node:async_hooks'
import type { Transporter } from 'nodemailer'
import { config } from '@/lib/config'
import { log } from '@/lib/log'

export type Mail = { to: string; subject: string; text: string; html?: string; link?: string }

const g = globalThis as unknown as { __touchmapMailer?: Promise<Transporter> }

async function transport(url: string): Promise<Transporter> {
  g.__touchmapMailer ??= import('nodemailer').then((m) => m.createTransport(url))
  return g.__touchmapMailer
}

const unprinted = new AsyncLocalStorage<true>()

/**
 * Runs `fn` with mail that has no SMTP server to go to logged at debug level
 * instead of printed (the demo seed's notifications would otherwise bury the
 * start-up banner). With SMTP_URL set, mail is sent as always.
 */
export function withoutPrintedMail<T>(fn: () => Promise<T>): Promise<T> {
  return unprinted.run(true, fn)
}

/**
 * Sends an email through SMTP_URL. Without SMTP the message (and its link) is
 * printed in the server log, so an embedded installation works with no mail
 * server.
 */
export async function sendMail(mail: Mail): Promise<void> {
  const c = config()
  if (!c.smtpUrl) {
    if (unprinted.getStore()) return void log.debug('email not sent (no SMTP_URL)', { to: mail.to, subject: mail.subject })
    console.log(`\n=== Email to ${mail.to}: ${mail.subject}${mail.link ? `\n    ${mail.link}` : ''}\n`)
    return
  }
  const t = await transport(c.smtpUrl)
  const info = await t.sendMail({ from: c.smtpFrom, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html })
  const failed = [...(info.rejected ?? []), ...(info.pending ?? [])]
  if (failed.length) throw new Error(`The mail server refused ${failed.join(', ')}`)
  log.info('email sent', { to: mail.to, subject: mail.subject })
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** A plain, legible email with one call-to-action link. */
export function linkEmail(opts: { to: string; subject: string; intro: string; action: string; link: string; outro: string }): Mail {
  return {
    to: opts.to,
    subject: opts.subject,
    link: opts.link,
    text: `${opts.intro}\n\n${opts.action}: ${opts.link}\n\n${opts.outro}\n`,
    html: `<div style="font-family:system-ui,sans-serif;max-width:520px;margin:auto;color:#0f172a">
<p>${escape(opts.intro)}</p>
<p><a href="${escape(opts.link)}" style="display:inline-block;background:#4338ca;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escape(opts.action)}</a></p>
<p style="color:#475569;font-size:13px">${escape(opts.outro)}</p></div>`,
  }
}
