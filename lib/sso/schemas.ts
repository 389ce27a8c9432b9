import { z } from 'zod'

/** Consumer mail domains can never be claimed for SSO: nobody's organisation controls them. */
export const PUBLIC_EMAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'gmx.net',
  'web.de', 'mail.ru', 'yandex.ru', 'yandex.com', 'qq.com', '163.com', 'zoho.com', 'fastmail.com', 'hey.com',
])

export const domainSchema = z
  .string({ error: 'Enter a domain such as example.com' })
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Enter a domain such as example.com, without @ or https://')
  .refine((d) => !PUBLIC_EMAIL_DOMAINS.has(d), 'A public email domain cannot be used for SSO')

export const issuerSchema = z
  .string({ error: 'Enter the issuer URL' })
  .trim()
  .max(500, 'The issuer URL is too long')
  .refine((v) => {
    try {
      const u = new URL(v)
      const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)
      return u.protocol === 'https:' || (u.protocol === 'http:' && loopback)
    } catch {
      return false
    }
  }, 'The issuer must be an https:// URL (http:// only on localhost)')
  .transform((v) => v.replace(/\/+$/, ''))
