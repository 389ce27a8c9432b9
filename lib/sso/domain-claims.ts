import { and, asc, eq, sql } from 'drizzle-orm'
import { ssoConnections, ssoDomains, users, type DomainStatus } from '@/db/schema'
import { recordActivity } from '@/lib/activity/record-activity'
import type { MemberContext } from '@/lib/auth/membership'
import { config } from '@/lib/config'
import { database, rowsOf, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { ConflictError, ForbiddenError, NotFoundError, pgCode } from '@/lib/errors'
import { log } from '@/lib/log'
import { lookupTxt } from '@/lib/net/dns-txt'

/**
 * A workspace proves it controls an email domain with a DNS TXT record:
 *   _touchmap-challenge.<domain>  TXT  "touchmap-domain-verification=<token>"
 * An unproven claim reserves nothing (several workspaces may claim a domain);
 * the first proof wins and every other claim is marked taken
 * (touchmap_sso_domain_proven, db/migrations/0005_sso_proof.sql). Proven
 * domains are checked again daily (recheckDomains) and lapse when the record
 * is gone. An admin's word (attestation) counts only where the operator
 * allows it (SSO_DOMAIN_ATTESTATION), and never opens an existing account.
 */
export const recordName = (domain: string) => `_touchmap-challenge.${domain}`
export const recordValue = (token: string) => `touchmap-domain-verification=${token}`

export type DomainView = {
  id: string
  domain: string
  status: DomainStatus
  recordName: string
  recordValue: string
  verifiedAt: Date | null
  attestedBy: string | null
  lastCheckedAt: Date | null
  lastCheckError: string | null
  /** SSO is required for members with this domain (lib/sso/enforcement.ts). */
  enforced: boolean
}

export type CheckOutcome = 'verified' | 'taken' | 'absent' | 'unreachable'

export async function listDomains(ctx: MemberContext): Promise<(DomainView & { connectionId: string })[]> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = await tx
      .select({ d: ssoDomains, attestedBy: users.email })
      .from(ssoDomains)
      .leftJoin(users, eq(users.id, ssoDomains.verifiedBy))
      .where(eq(ssoDomains.workspaceId, ctx.workspaceId))
      .orderBy(asc(ssoDomains.domain))
    return rows.map(({ d, attestedBy }) => ({
      id: d.id,
      connectionId: d.connectionId,
      domain: d.domain,
      status: d.status,
      recordName: recordName(d.domain),
      recordValue: recordValue(d.verificationToken),
      verifiedAt: d.verifiedAt,
      attestedBy: d.status === 'attested' ? attestedBy : null,
      lastCheckedAt: d.lastCheckedAt,
      lastCheckError: d.lastCheckError,
      enforced: d.enforced,
    }))
  })
}

async function claimOf(tx: Tx, ctx: { workspaceId: string }, id: string) {
  const [d] = await tx.select().from(ssoDomains).where(and(eq(ssoDomains.workspaceId, ctx.workspaceId), eq(ssoDomains.id, id)))
  if (!d) throw new NotFoundError('Domain not found')
  return d
}

/** Claims a domain for a connection of the workspace: pending until proven. */
export async function addDomain(ctx: MemberContext, connectionId: string, domain: string): Promise<{ id: string }> {
  try {
    return await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
      const [own] = await tx.select({ id: ssoConnections.id }).from(ssoConnections).where(and(eq(ssoConnections.workspaceId, ctx.workspaceId), eq(ssoConnections.id, connectionId)))
      if (!own) throw new NotFoundError('SSO connection not found')
      const [row] = await tx.insert(ssoDomains).values({ workspaceId: ctx.workspaceId, connectionId, domain }).returning({ id: ssoDomains.id })
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.domain_added', subject: domain })
      return row!
    })
  } catch (err) {
    if (pgCode(err) === '23505') throw new ConflictError(`This workspace already claims ${domain}`, 'domain')
    throw err
  }
}

/**
 * Looks up the claim's TXT record now. Found: the claim is proven (or taken,
 * when another workspace proved the domain first). Not found: nothing
 * changes but the note of when and why.
 */
export async function checkDomain(ctx: MemberContext, domainId: string): Promise<CheckOutcome> {
  const claim = await inWorkspace(ctx.workspaceId, ctx.userId, (tx) => claimOf(tx, ctx, domainId))
  return checkClaim(claim, ctx.userId)
}

async function checkClaim(
  claim: { id: string; workspaceId: string; domain: string; status: DomainStatus; verificationToken: string },
  actorId: string | null,
): Promise<CheckOutcome> {
  const found = await lookupTxt(recordName(claim.domain))
  const expected = recordValue(claim.verificationToken)
  if (found.kind === 'found' && found.records.some((r) => r.trim() === expected)) {
    const db = await database()
    const [result] = rowsOf<{ outcome: string; taken_workspaces: string[] }>(
      await db.execute(sql`select outcome, taken_workspaces from touchmap_sso_domain_proven(${claim.id}::uuid)`),
    )
    const outcome = result?.outcome === 'verified' ? 'verified' : 'taken'
    await inWorkspace(claim.workspaceId, actorId, async (tx) => {
      if (outcome === 'taken') {
        await tx.update(ssoDomains).set({ lastCheckError: 'Another workspace proved this domain first' }).where(eq(ssoDomains.id, claim.id))
      } else if (claim.status !== 'verified') {
        await recordActivity(tx, { workspaceId: claim.workspaceId, actorId, action: 'sso.domain_verified', subject: claim.domain, data: { method: 'dns' } })
      }
    })
    for (const loser of result?.taken_workspaces ?? []) {
      await inWorkspace(loser, null, (tx) =>
        recordActivity(tx, { workspaceId: loser, actorId: null, action: 'sso.domain_taken', subject: claim.domain, data: { reason: 'another workspace proved it by DNS' } }),
      )
    }
    return outcome
  }
  const absent = found.kind !== 'unreachable'
  const error = absent
    ? `No TXT record ${expected} at ${recordName(claim.domain)}`
    : `The DNS lookup failed (${found.kind === 'unreachable' ? found.code : ''}); nothing was changed`
  await inWorkspace(claim.workspaceId, actorId, async (tx) => {
    const lapse = absent && claim.status === 'verified'
    await tx
      .update(ssoDomains)
      .set({ lastCheckedAt: new Date(), lastCheckError: error, ...(lapse ? { status: 'pending' as const } : {}) })
      .where(eq(ssoDomains.id, claim.id))
    if (lapse) {
      await recordActivity(tx, { workspaceId: claim.workspaceId, actorId, action: 'sso.domain_lapsed', subject: claim.domain, data: { reason: 'TXT record not found' } })
    }
  })
  return absent ? 'absent' : 'unreachable'
}

/** An admin's word that the organisation controls the domain, where the instance allows it. */
export async function attestDomain(ctx: MemberContext, domainId: string): Promise<void> {
  if (!config().ssoDomainAttestation) throw new ForbiddenError('Domains are verified by a DNS record on this instance')
  try {
    await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
      const d = await claimOf(tx, ctx, domainId)
      if (d.status === 'verified') return
      await tx.update(ssoDomains).set({ status: 'attested', verifiedAt: new Date(), verifiedBy: ctx.userId }).where(eq(ssoDomains.id, d.id))
      await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.domain_attested', subject: d.domain })
    })
  } catch (err) {
    if (pgCode(err) === '23505') throw new ConflictError('Another workspace holds this domain', 'domain')
    throw err
  }
}

export async function removeDomain(ctx: MemberContext, domainId: string): Promise<void> {
  await inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [row] = await tx.delete(ssoDomains).where(and(eq(ssoDomains.workspaceId, ctx.workspaceId), eq(ssoDomains.id, domainId))).returning()
    if (!row) throw new NotFoundError('Domain not found')
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.userId, action: 'sso.domain_removed', subject: row.domain })
  })
}

export const RECHECK_EVERY_MS = 24 * 60 * 60 * 1000

/** The daily check of every proven or pending claim whose last check is older than a day. */
export async function recheckDomains(now = new Date(), limit = 200): Promise<{ checked: number; lapsed: number; verified: number }> {
  const db = await database()
  const due = rowsOf<{ id: string; workspace_id: string; domain: string; status: DomainStatus; verification_token: string }>(
    await db.execute(sql`select * from touchmap_sso_domains_due(${new Date(now.getTime() - RECHECK_EVERY_MS).toISOString()}::timestamptz, ${limit})`),
  )
  let lapsed = 0
  let verified = 0
  for (const d of due) {
    try {
      const outcome = await checkClaim({ id: d.id, workspaceId: d.workspace_id, domain: d.domain, status: d.status, verificationToken: d.verification_token }, null)
      if (outcome === 'absent' && d.status === 'verified') lapsed++
      if (outcome === 'verified' && d.status !== 'verified') verified++
    } catch (err) {
      log.error('domain re-check failed', { domain: d.domain, err: String(err) })
    }
  }
  if (due.length) log.info('sso domains re-checked', { checked: due.length, lapsed, verified })
  return { checked: due.length, lapsed, verified }
}

/** Runs recheckDomains hourly (each claim is checked once a day) in this process. */
export function startDomainRechecks(): { stop: () => void } {
  const run = () => void recheckDomains().catch((err) => log.error('domain re-check failed', { err: String(err) }))
  const first = setTimeout(run, 60_000)
  const every = setInterval(run, 60 * 60 * 1000)
  first.unref()
  every.unref()
  return { stop: () => (clearTimeout(first), clearInterval(every)) }
}
