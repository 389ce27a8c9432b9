import { X509Certificate } from 'node:crypto'
import { and, count, eq, isNull } from 'drizzle-orm'
import { scimGroups, scimTokens, scimUsers, ssoConnections } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'

/** Records a completed sign-in on its connection (the settings page's "last successful sign-in"). */
export async function markSignedIn(sso: { id: string; workspaceId: string }): Promise<void> {
  await inWorkspace(sso.workspaceId, null, (tx) => tx.update(ssoConnections).set({ lastSignInAt: new Date() }).where(eq(ssoConnections.id, sso.id)))
}

export const CERT_WARN_DAYS = 30

export type CertificateStatus = { subject: string; notAfter: Date; state: 'valid' | 'expiring' | 'expired' }

/** A certificate's subject and expiry, and whether it expires within 30 days. */
export function certificateStatus(pem: string, now = new Date()): CertificateStatus | null {
  try {
    const c = new X509Certificate(pem)
    const notAfter = new Date(c.validTo)
    const state = notAfter <= now ? 'expired' : notAfter.getTime() - now.getTime() < CERT_WARN_DAYS * 86_400_000 ? 'expiring' : 'valid'
    return { subject: c.subject.replace(/\n/g, ', '), notAfter, state }
  } catch {
    return null
  }
}

export type ScimStatus = { lastRequestAt: Date | null; tokens: { id: string; prefix: string; createdAt: Date; lastUsedAt: Date | null }[]; users: number; activeUsers: number; groups: number }

/** SCIM's state for a connection: live tokens, last request, and what it provisioned. */
export async function scimStatus(ctx: MemberContext, connectionId: string): Promise<ScimStatus> {
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const [conn] = await tx.select({ at: ssoConnections.scimLastRequestAt }).from(ssoConnections).where(eq(ssoConnections.id, connectionId))
    const tokens = await tx
      .select({ id: scimTokens.id, prefix: scimTokens.prefix, createdAt: scimTokens.createdAt, lastUsedAt: scimTokens.lastUsedAt })
      .from(scimTokens)
      .where(and(eq(scimTokens.connectionId, connectionId), isNull(scimTokens.revokedAt)))
    const [u] = await tx.select({ n: count() }).from(scimUsers).where(eq(scimUsers.connectionId, connectionId))
    const [a] = await tx.select({ n: count() }).from(scimUsers).where(and(eq(scimUsers.connectionId, connectionId), eq(scimUsers.active, true)))
    const [g] = await tx.select({ n: count() }).from(scimGroups).where(eq(scimGroups.connectionId, connectionId))
    return { lastRequestAt: conn?.at ?? null, tokens, users: u?.n ?? 0, activeUsers: a?.n ?? 0, groups: g?.n ?? 0 }
  })
}
