import { and, desc, eq, inArray, notInArray } from 'drizzle-orm'
import { ssoSignInEvents } from '@/db/schema'
import type { MemberContext } from '@/lib/auth/membership'
import { inWorkspace } from '@/lib/db/tenant'
import { log } from '@/lib/log'

/**
 * Why an SSO sign-in was refused. The sign-in page shows the person a short
 * answer (`/signin?error=sso_<reason>`), the server log and the workspace's
 * SSO settings page (messages: sso.refusals.<reason>) say it in full.
 */
export const SSO_REFUSALS = [
  'wrong_issuer',
  'wrong_audience',
  'expired',
  'bad_nonce',
  'bad_state',
  'bad_signature',
  'bad_algorithm',
  'bad_token',
  'idp_error',
  'idp_unreachable',
  'email_invalid',
  'domain_outside',
  'domain_unverified',
  'email_unverified',
  'email_taken',
  'existing_account_attested',
  'other_session',
  'too_many_link_requests',
  'saml_unsigned',
  'saml_bad_signature',
  'saml_wrong_issuer',
  'saml_wrong_audience',
  'saml_wrong_recipient',
  'saml_wrong_destination',
  'saml_in_response_to',
  'saml_unsolicited',
  'saml_expired',
  'saml_not_yet_valid',
  'saml_replay',
  'saml_other_browser',
  'saml_malformed',
  'saml_too_large',
  'sso_required',
  'other',
] as const
export type SsoRefusalReason = (typeof SSO_REFUSALS)[number]

/** A refusal raised inside the sign-in flow (ID token checks), carried through Auth.js as an error's cause. */
export class SsoRefusal extends Error {
  constructor(
    readonly reason: SsoRefusalReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`)
    this.name = 'SsoRefusal'
  }
}

const KEEP_PER_CONNECTION = 50

/** Logs a refused sign-in and keeps it for the workspace's admins (the newest 50 per connection). */
export async function recordSsoRefusal(
  sso: { id: string; workspaceId: string; name: string },
  refusal: { reason: SsoRefusalReason; detail?: string; email?: string | null },
): Promise<void> {
  const detail = refusal.detail?.slice(0, 500) ?? null
  const email = refusal.email?.slice(0, 254) ?? null
  log.warn('sso sign-in refused', { connection: sso.id, connectionName: sso.name, workspace: sso.workspaceId, reason: refusal.reason, detail, email })
  try {
    await inWorkspace(sso.workspaceId, null, async (tx) => {
      await tx.insert(ssoSignInEvents).values({ workspaceId: sso.workspaceId, connectionId: sso.id, reason: refusal.reason, detail, email })
      const keep = tx
        .select({ id: ssoSignInEvents.id })
        .from(ssoSignInEvents)
        .where(eq(ssoSignInEvents.connectionId, sso.id))
        .orderBy(desc(ssoSignInEvents.at))
        .limit(KEEP_PER_CONNECTION)
      await tx.delete(ssoSignInEvents).where(and(eq(ssoSignInEvents.connectionId, sso.id), notInArray(ssoSignInEvents.id, keep)))
    })
  } catch (err) {
    log.error('could not store an SSO refusal', { err: String(err) })
  }
}

export type SsoRefusalView = { id: string; connectionId: string; reason: SsoRefusalReason; detail: string | null; email: string | null; at: Date }

/** The newest refusals of a workspace's connections, newest first. */
export async function listSsoRefusals(ctx: MemberContext, connectionIds: string[], limit = 10): Promise<SsoRefusalView[]> {
  if (!connectionIds.length) return []
  return inWorkspace(ctx.workspaceId, ctx.userId, async (tx) => {
    const rows = await tx
      .select()
      .from(ssoSignInEvents)
      .where(and(eq(ssoSignInEvents.workspaceId, ctx.workspaceId), inArray(ssoSignInEvents.connectionId, connectionIds)))
      .orderBy(desc(ssoSignInEvents.at))
      .limit(limit * connectionIds.length)
    return rows.map((r) => ({ ...r, reason: (SSO_REFUSALS as readonly string[]).includes(r.reason) ? (r.reason as SsoRefusalReason) : 'other' }))
  })
}

type Causal = { name?: string; message?: string; code?: string; claim?: string; cause?: unknown; err?: unknown; reason?: string }

/**
 * The refusal behind an error Auth.js reports for an SSO callback: our own
 * ID token checks (SsoRefusal), oauth4webapi's claim checks, Auth.js's
 * state/nonce/PKCE checks, an error the IdP returned, or an IdP we could not
 * reach. The detail is the library's message, never a response body.
 */
export function refusalOfAuthError(error: unknown): { reason: SsoRefusalReason; detail: string } {
  const chain: Causal[] = []
  let e: unknown = error
  for (let i = 0; i < 6 && e && typeof e === 'object'; i++) {
    const c = e as Causal
    chain.push(c)
    e = c.err ?? (c.cause && typeof c.cause === 'object' && 'err' in (c.cause as object) ? (c.cause as Causal).err : c.cause)
  }
  const own = chain.find((c): c is SsoRefusal => c instanceof SsoRefusal)
  if (own) return { reason: own.reason, detail: own.detail }
  const deepest = [...chain].reverse().find((c) => c.message) ?? chain[0]
  const detail = (deepest?.message ?? 'unknown error').replace(/\s*Read more at https:\/\/errors\.authjs\.dev\S*/, '').slice(0, 300)
  const text = chain.map((c) => `${c.name ?? ''} ${c.code ?? ''} ${c.message ?? ''}`).join(' | ')
  const claim = chain.map((c) => c.claim ?? (c.cause as Causal | undefined)?.claim).find(Boolean)
  if (/"iss" \(issuer\)/.test(text) || claim === 'iss') return { reason: 'wrong_issuer', detail }
  if (/"aud" \(audience\)|untrusted audiences|"azp"/.test(text) || claim === 'aud') return { reason: 'wrong_audience', detail }
  if (/"exp" \(expiration time\)|expired/i.test(text) || claim === 'exp') return { reason: 'expired', detail }
  if (/nonce/i.test(text)) return { reason: 'bad_nonce', detail }
  if (/state|pkce|code_verifier|InvalidCheck/i.test(text)) return { reason: 'bad_state', detail }
  if (/OAuthCallbackError|Provider returned an error/.test(text)) return { reason: 'idp_error', detail }
  if (/OutboundRequestError|fetch failed|ECONNREFUSED|ENOTFOUND/.test(text)) return { reason: 'idp_unreachable', detail }
  if (/signature|JWS|JWT/i.test(text)) return { reason: 'bad_token', detail }
  return { reason: 'other', detail }
}
