import freeEmailDomains from 'free-email-domains'
import { getDomain } from 'tldts'
import { config } from '@/lib/config'

const PUBLIC_MAIL = new Set<string>(freeEmailDomains)

/**
 * Why a domain can never be claimed for SSO, or null when it can: public
 * mail domains (the maintained free-email-domains list: nobody's organisation
 * controls gmail.com) and the instance's own domain (APP_URL's registrable
 * domain and everything under it).
 */
export function unclaimableReason(domain: string): 'public' | 'instance' | null {
  if (PUBLIC_MAIL.has(domain)) return 'public'
  const host = new URL(config().appUrl).hostname
  const own = getDomain(host) ?? host
  if (domain === own || domain.endsWith(`.${own}`)) return 'instance'
  return null
}
