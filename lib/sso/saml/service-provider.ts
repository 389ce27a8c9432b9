import { randomBytes } from 'node:crypto'
import { SAML, ValidateInResponseTo, type CacheProvider } from '@node-saml/node-saml'
import { and, eq, lt } from 'drizzle-orm'
import { ssoSamlMessages } from '@/db/schema'
import { config } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import type { LoadedSsoConnection } from '../load-connection'

/** How long an AuthnRequest may wait for its answer. */
export const SAML_REQUEST_MINUTES = 10

/** Touchmap's side of a SAML connection: one service provider per connection, named by its metadata URL. */
export const samlBase = (connectionId: string) => `${config().appUrl}/api/sso/saml/${connectionId}`
export const spEntityIdOf = (connectionId: string) => `${samlBase(connectionId)}/metadata`
export const acsUrlOf = (connectionId: string) => `${samlBase(connectionId)}/acs`
export const samlLoginUrlOf = (connectionId: string) => `${samlBase(connectionId)}/login`

/**
 * The AuthnRequest ids a connection sent, kept in the database so any
 * process can check the response that answers one (node-saml's
 * InResponseTo check). An id is removed when its response is accepted.
 */
function requestCache(sso: LoadedSsoConnection): CacheProvider {
  const where = (key: string) =>
    and(eq(ssoSamlMessages.connectionId, sso.id), eq(ssoSamlMessages.kind, 'request'), eq(ssoSamlMessages.messageId, key.slice(0, 200)))
  return {
    saveAsync: (key, value) =>
      inWorkspace(sso.workspaceId, null, async (tx) => {
        await tx.delete(ssoSamlMessages).where(and(eq(ssoSamlMessages.connectionId, sso.id), lt(ssoSamlMessages.expiresAt, new Date())))
        const expiresAt = new Date(Date.now() + SAML_REQUEST_MINUTES * 60 * 1000)
        await tx.insert(ssoSamlMessages).values({ workspaceId: sso.workspaceId, connectionId: sso.id, kind: 'request', messageId: key, value, expiresAt }).onConflictDoNothing()
        return { value, createdAt: Date.now() }
      }),
    getAsync: (key) =>
      inWorkspace(sso.workspaceId, null, async (tx) => {
        const [row] = await tx.select().from(ssoSamlMessages).where(where(key))
        return row && row.value && row.expiresAt > new Date() ? row.value : null
      }),
    // Used up, not deleted: the row keeps the asking browser's hash until the sign-in completes there (lib/sso/saml/sign-in.ts).
    removeAsync: (key) =>
      key === null
        ? Promise.resolve(null)
        : inWorkspace(sso.workspaceId, null, async (tx) => {
            const [row] = await tx.update(ssoSamlMessages).set({ value: '' }).where(where(key)).returning()
            return row?.value ?? null
          }),
  }
}

/**
 * node-saml (@node-saml/node-saml, the library behind passport-saml) set up
 * for one connection: assertions must be signed by one of the IdP's
 * certificates (xml-crypto verifies, and only the signed element is read),
 * issued by its entity ID, for our entity ID, within the clock skew, and
 * answering a request we sent, unless the admin allowed IdP-initiated
 * sign-in (then an unsolicited response is accepted, never one answering a
 * request we do not know).
 */
export function samlFor(sso: LoadedSsoConnection, opts: { onRequestId?: (id: string) => void } = {}): SAML {
  const s = sso.saml
  if (!s) throw new Error(`connection ${sso.id} is not a SAML connection`)
  return new SAML({
    issuer: spEntityIdOf(sso.id),
    audience: spEntityIdOf(sso.id),
    callbackUrl: acsUrlOf(sso.id),
    entryPoint: s.ssoUrl,
    idpCert: s.certificates,
    idpIssuer: sso.issuer,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: config().samlClockSkewSeconds * 1000,
    validateInResponseTo: s.idpInitiated ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SAML_REQUEST_MINUTES * 60 * 1000,
    cacheProvider: requestCache(sso),
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    authnRequestBinding: s.binding === 'post' ? 'HTTP-POST' : undefined,
    // The POST binding carries the request base64-encoded, not deflated (SAML bindings §3.5.4).
    skipRequestCompression: s.binding === 'post',
    signatureAlgorithm: 'sha256',
    generateUniqueId: () => {
      const id = `_${randomBytes(20).toString('hex')}`
      opts.onRequestId?.(id)
      return id
    },
  })
}

/** Touchmap's SP metadata for a connection: its entity ID and ACS URL (POST binding); requests are not signed. */
export function spMetadataXml(sso: Pick<LoadedSsoConnection, 'id'>): string {
  const sp = new SAML({
    issuer: spEntityIdOf(sso.id),
    callbackUrl: acsUrlOf(sso.id),
    idpCert: 'unused',
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    wantAssertionsSigned: true,
  })
  return sp.generateServiceProviderMetadata(null, null)
}
