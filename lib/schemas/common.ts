import { z } from 'zod'
import { parseEmail } from '@/lib/email/parse-email'
import { safeCallbackPath } from '@/lib/http/safe-redirect'
import { ROLE_KEYS } from '@/lib/rbac/permissions'

export const emailSchema = z
  .string({ error: 'Enter your email address' })
  .trim()
  .toLowerCase()
  .min(3, 'Enter an email address')
  .max(254, 'An email address has at most 254 characters')
  .refine((v) => parseEmail(v) !== null, 'Enter a valid email address, like name@company.com')

export const uuidSchema = (what: string) => z.uuid({ error: `Unknown ${what}` })

export const roleSchema = z.enum(ROLE_KEYS, { error: 'Choose a role' })

/** A same-origin path to return to after sign-in (lib/http/safe-redirect.ts); anything else is the dashboard. */
export const callbackPathSchema = z.unknown().transform((v) => safeCallbackPath(v))

export const nameSchema = (what: string, max = 80) =>
  z
    .string({ error: `Enter a ${what}` })
    .trim()
    .min(1, `Enter a ${what}`)
    .max(max, `A ${what} can have at most ${max} characters`)

/** HTML checkboxes send "on" when ticked and nothing otherwise. */
export const checkboxSchema = z
  .union([z.literal('on'), z.literal('true'), z.literal('false'), z.boolean()])
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === true)
