import { Resolver } from 'node:dns/promises'
import { config } from '@/lib/config'

export type TxtLookup = { kind: 'found'; records: string[] } | { kind: 'absent' } | { kind: 'unreachable'; code: string }

/**
 * The TXT records at `name`, through the system's resolvers or DNS_SERVERS.
 * "absent" is a definite answer (no such name, or no TXT records there);
 * "unreachable" is not (timeouts, server failures) and proves nothing either way.
 */
export async function lookupTxt(name: string): Promise<TxtLookup> {
  const resolver = new Resolver({ timeout: 3000, tries: 2 })
  const servers = config().dnsServers
  if (servers.length) resolver.setServers(servers)
  try {
    const records = await resolver.resolveTxt(name)
    return { kind: 'found', records: records.map((chunks) => chunks.join('')) }
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'EUNKNOWN'
    if (code === 'ENODATA' || code === 'ENOTFOUND') return { kind: 'absent' }
    return { kind: 'unreachable', code }
  }
}
