import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose'
import { guardedFetch, OutboundRequestError } from '@/lib/net/guarded-fetch'
import { outboundUrlProblem } from '@/lib/net/outbound-url'
import { SsoRefusal } from './refusals'

export type OidcMetadata = {
  issuer: string
  authorization_endpoint: string
  token_endpoint: string
  userinfo_endpoint?: string
  jwks_uri: string
}

/** A problem with an issuer's discovery document, in words for the admin (never the document's content). */
export class DiscoveryError extends Error {}

const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const
const CACHE_MS = 5 * 60 * 1000
const cache = new Map<string, { at: number; meta: OidcMetadata }>()

/**
 * Reads and checks `<issuer>/.well-known/openid-configuration` through the
 * guarded client: it must name exactly this issuer, and every endpoint the
 * server will call must pass the same URL rule as the issuer itself.
 */
export async function discoverIssuer(issuer: string): Promise<OidcMetadata> {
  const url = `${issuer}/.well-known/openid-configuration`
  let res: Response
  try {
    res = await guardedFetch(url, { headers: { accept: 'application/json' } })
  } catch (err) {
    throw new DiscoveryError(`Could not read the OpenID configuration at ${url}: ${err instanceof OutboundRequestError ? err.message : 'the request failed'}`)
  }
  if (res.status !== 200) throw new DiscoveryError(`Could not read the OpenID configuration at ${url}: the server answered ${res.status}`)
  let doc: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(await res.text())
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error()
    doc = parsed as Record<string, unknown>
  } catch {
    throw new DiscoveryError(`The document at ${url} is not an OpenID configuration (not a JSON object)`)
  }
  if (doc.issuer !== issuer) throw new DiscoveryError(`The OpenID configuration at ${url} names a different issuer; the issuer URL must match it exactly`)
  for (const key of ENDPOINTS) {
    const v = doc[key]
    if (typeof v !== 'string') throw new DiscoveryError(`The OpenID configuration has no ${key}`)
    const problem = outboundUrlProblem(v, { query: true })
    if (problem) throw new DiscoveryError(`The provider's ${key} ${problem}`)
  }
  if (doc.userinfo_endpoint !== undefined) {
    const problem = typeof doc.userinfo_endpoint === 'string' ? outboundUrlProblem(doc.userinfo_endpoint, { query: true }) : 'must be a URL'
    if (problem) throw new DiscoveryError(`The provider's userinfo_endpoint ${problem}`)
  }
  const meta = {
    issuer,
    authorization_endpoint: doc.authorization_endpoint as string,
    token_endpoint: doc.token_endpoint as string,
    jwks_uri: doc.jwks_uri as string,
    ...(typeof doc.userinfo_endpoint === 'string' ? { userinfo_endpoint: doc.userinfo_endpoint } : {}),
  }
  cache.set(issuer, { at: Date.now(), meta })
  return meta
}

async function metadataFor(issuer: string): Promise<OidcMetadata> {
  const hit = cache.get(issuer)
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.meta
  return discoverIssuer(issuer)
}

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>()
function keySet(jwksUri: string) {
  let set = keySets.get(jwksUri)
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUri), { [customFetch]: guardedFetch, timeoutDuration: 5000, cooldownDuration: 30_000 })
    keySets.set(jwksUri, set)
  }
  return set
}

/** Signature algorithms accepted for ID tokens: asymmetric only (never `none`, never a shared secret). */
export const ID_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']

/**
 * Verifies an ID token the token endpoint returned against the issuer's
 * published keys (JWKS, fetched through the guarded client): signature,
 * algorithm, issuer, audience and expiry. Auth.js (oauth4webapi) checks the
 * claims and the nonce but trusts the token endpoint's TLS for the signature;
 * this does not. Throws SsoRefusal with the reason.
 */
export async function verifyIdToken(sso: { issuer: string; clientId: string }, idToken: unknown): Promise<JWTPayload> {
  if (typeof idToken !== 'string' || !idToken) throw new SsoRefusal('bad_token', 'The token endpoint returned no ID token')
  let meta: OidcMetadata
  try {
    meta = await metadataFor(sso.issuer)
  } catch (err) {
    throw new SsoRefusal('idp_unreachable', err instanceof Error ? err.message : 'discovery failed')
  }
  try {
    const { payload } = await jwtVerify(idToken, keySet(meta.jwks_uri), {
      issuer: sso.issuer,
      audience: sso.clientId,
      algorithms: ID_TOKEN_ALGORITHMS,
      clockTolerance: 60,
    })
    return payload
  } catch (err) {
    throw idTokenRefusal(err)
  }
}

function idTokenRefusal(err: unknown): SsoRefusal {
  if (err instanceof joseErrors.JWTExpired) return new SsoRefusal('expired', 'The ID token has expired')
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return new SsoRefusal('wrong_issuer', 'The ID token was issued by another issuer')
    if (err.claim === 'aud') return new SsoRefusal('wrong_audience', 'The ID token is meant for another client')
    return new SsoRefusal('bad_token', `The ID token's "${err.claim}" claim is not valid`)
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed || err instanceof joseErrors.JOSENotSupported) {
    return new SsoRefusal('bad_algorithm', 'The ID token is unsigned or uses a signature algorithm Touchmap does not accept')
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new SsoRefusal('bad_signature', "The ID token's signature does not match the issuer's keys")
  if (err instanceof joseErrors.JWKSNoMatchingKey) return new SsoRefusal('bad_signature', 'The ID token was signed with a key the issuer does not publish')
  if (err instanceof OutboundRequestError || err instanceof joseErrors.JWKSTimeout) {
    return new SsoRefusal('idp_unreachable', `Could not read the issuer's keys: ${err instanceof Error ? err.message : ''}`)
  }
  if (err instanceof joseErrors.JOSEError) return new SsoRefusal('bad_token', 'The ID token is malformed')
  return new SsoRefusal('bad_token', 'The ID token could not be verified')
}
