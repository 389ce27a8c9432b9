import addresses from 'email-addresses'

export type ParsedEmail = { address: string; local: string; domain: string }

/** A host name of letters, digits and hyphens (IDNs in their xn-- form), with at least one dot. */
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/

/**
 * Parses an email address with an RFC 5322 parser (email-addresses) and
 * accepts only a plain addr-spec: one `@`, no display name, comments, quoted
 * local part, domain literal or non-ASCII character, and a domain that is a
 * host name. Everything that reads an address's domain reads it from here,
 * so `"a@victim.com"@attacker.com` or `victim.com@attacker.com (x)` can never
 * pass as victim.com. Returns the lower-cased address, or null.
 */
export function parseEmail(raw: string): ParsedEmail | null {
  const input = raw.trim().toLowerCase()
  if (input.length < 3 || input.length > 254 || !/^[\x21-\x7e]+$/.test(input)) return null
  if (input.indexOf('@') !== input.lastIndexOf('@')) return null
  const parsed = addresses.parseOneAddress({ input, rfc6532: false, rejectTLD: true })
  if (!parsed || parsed.type !== 'mailbox' || parsed.name) return null
  if (parsed.address !== input || parsed.local.length > 64 || !HOSTNAME.test(parsed.domain)) return null
  return { address: parsed.address, local: parsed.local, domain: parsed.domain }
}
