import { z } from 'zod'
import { outboundUrlProblem } from '@/lib/net/outbound-url'
import { unclaimableReason } from './claimable-domain'

export const domainSchema = z
  .string({ error: 'Enter a domain such as example.com' })
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Enter a domain such as example.com, without @ or https://')
  .superRefine((d, ctx) => {
    const why = unclaimableReason(d)
    if (why === 'public') ctx.addIssue({ code: 'custom', message: 'A public email domain cannot be used for SSO' })
    if (why === 'instance') ctx.addIssue({ code: 'custom', message: "This is Touchmap's own domain; it cannot be claimed" })
  })

export const issuerSchema = z
  .string({ error: 'Enter the issuer URL' })
  .trim()
  .max(500, 'The issuer URL is too long')
  .superRefine((v, ctx) => {
    const problem = outboundUrlProblem(v)
    if (problem) ctx.addIssue({ code: 'custom', message: `The issuer URL ${problem}` })
  })
  .transform((v) => v.replace(/\/+$/, ''))
