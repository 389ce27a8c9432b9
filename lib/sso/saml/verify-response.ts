import { X509Certificate } from 'node:crypto'
import { SamlStatusError, type Profile } from '@node-saml/node-saml'
import { ssoSamlMessages } from '@/db/schema'
import { config } from '@/lib/config'
import { inWorkspace } from '@/lib/db/tenant'
import type { LoadedSsoConnection } from '../load-connection'
import { SsoRefusal } from '../refusals'
import { acsUrlOf, samlFor } from './service-provider'
import { elements, parseSamlXml, SAML_MAX_BYTES, SAML_NS, SamlXmlError, toPem } from './xml'

/** What a verified SAML assertion says about the person. */
export type SamlAssertion = {
  /** The identity's key under this connection: the IdP's entity ID and the NameID (lib/sso/saml/complete-sign-in.ts). */
  subject: string
  nameId: string
  email: string | null
  name: string | null
  groups: string[]
  /** Where the IdP asked to send the person (SP-initiated: the path the sign-in started from). */
  relayState: string | null
  /** The AuthnRequest this answers (checked by node-saml against the ones sent); null for IdP-initiated. */
  inResponseTo: string | null
}

const EMAIL_ATTRIBUTES = [
  'email',
  'mail',
  'emailaddress',
  'Email',
  'User.Email',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  'urn:oid:0.9.2342.19200300.100.1.3',
]
const NAME_ATTRIBUTES = ['displayName', 'name', 'http://schemas.microsoft.com/identity/claims/displayname', 'urn:oid:2.16.840.1.113730.3.1.241', 'cn']
const GIVEN_ATTRIBUTES = ['givenName', 'firstName', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', 'urn:oid:2.5.4.42']
const FAMILY_ATTRIBUTES = ['sn', 'surname', 'lastName', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', 'urn:oid:2.5.4.4']
const GROUP_ATTRIBUTES = ['groups', 'memberOf', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', 'Role']
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'

const first = (profile: Profile, names: (string | null | undefined)[]): string | null => {
  for (const n of names) {
    if (!n) continue
    const v = (profile as Record<string, unknown>)[n]
    const s = Array.isArray(v) ? v[0] : v
    if (typeof s === 'string' && s.trim()) return s.trim()
  }
  return null
}

const all = (profile: Profile, names: (string | null | undefined)[]): string[] => {
  for (const n of names) {
    if (!n) continue
    const v = (profile as Record<string, unknown>)[n]
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    if (list.length) return list.map((x) => x.trim().slice(0, 200)).slice(0, 200)
  }
  return []
}

const minutesApart = (a: Date, b: Date) => Math.round(Math.abs(a.getTime() - b.getTime()) / 60000)

/** Why node-saml refused a response, in the reasons the settings page explains. */
function refusalOf(err: unknown, doc: Document, sso: LoadedSsoConnection): SsoRefusal {
  const message = err instanceof Error ? err.message : String(err)
  const now = new Date()
  const conditions = elements(doc, SAML_NS.assertion, 'Conditions')[0]
  if (err instanceof SamlStatusError) return new SsoRefusal('idp_error', message.slice(0, 300))
  if (/multiple assertions|No response found|Missing SAML assertion|Unknown SAML response/.test(message)) return new SsoRefusal('saml_malformed', message.slice(0, 300))
  if (/^Invalid (document )?signature|Invalid signature from|Cannot obtain assertion/.test(message)) {
    const signatures = elements(doc, SAML_NS.dsig, 'Signature')
    const assertionSigned = signatures.some((s) => (s.parentNode as Element | null)?.localName === 'Assertion')
    if (!assertionSigned) return new SsoRefusal('saml_unsigned', 'The assertion carries no signature; Touchmap needs the IdP to sign assertions')
    const used = signatures.flatMap((s) => elements(s, SAML_NS.dsig, 'X509Certificate')).map((c) => c.textContent ?? '')
    const trusted = new Set((sso.saml?.certificates ?? []).map((p) => toPem(p)))
    const foreign = used.find((c) => !trusted.has(toPem(c)))
    if (foreign) {
      let subject = 'unknown subject'
      try {
        subject = new X509Certificate(toPem(foreign)).subject.replace(/\n/g, ', ')
      } catch {
        /* not a certificate: the subject stays unknown */
      }
      return new SsoRefusal('saml_bad_signature', `Signed with a certificate this connection does not trust (${subject.slice(0, 200)})`)
    }
    return new SsoRefusal('saml_bad_signature', message.slice(0, 300))
  }
  if (/InResponseTo is missing/.test(message)) return new SsoRefusal('saml_unsolicited', 'The response answers no sign-in started here, and this connection does not accept IdP-initiated sign-in')
  if (/InResponseTo|SubjectInResponseTo/.test(message)) return new SsoRefusal('saml_in_response_to', 'The response answers a sign-in request this connection did not send, or one already used or expired')
  if (/not yet valid/.test(message)) {
    const notBefore = conditions?.getAttribute('NotBefore')
    const ahead = notBefore ? minutesApart(new Date(notBefore), now) : null
    return new SsoRefusal('saml_not_yet_valid', ahead !== null && Number.isFinite(ahead) ? `The clock of the IdP is ${ahead} minutes ahead` : message)
  }
  if (/expired|No valid subject confirmation/.test(message)) {
    const confirmation = elements(doc, SAML_NS.assertion, 'SubjectConfirmationData')[0]?.getAttribute('NotOnOrAfter')
    const notOnOrAfter = [confirmation, conditions?.getAttribute('NotOnOrAfter')].filter((v): v is string => Boolean(v)).sort()[0]
    if (!/expired/.test(message) && !(notOnOrAfter && Date.parse(notOnOrAfter) <= now.getTime())) return new SsoRefusal('saml_malformed', message.slice(0, 300))
    const behind = notOnOrAfter ? minutesApart(new Date(notOnOrAfter), now) : null
    return new SsoRefusal('saml_expired', behind !== null && Number.isFinite(behind) ? `The assertion expired ${behind} minutes ago (a replay, or the clock of the IdP is behind)` : message)
  }
  if (/audience|AudienceRestriction/i.test(message)) return new SsoRefusal('saml_wrong_audience', message.slice(0, 300))
  if (/issuer/i.test(message)) return new SsoRefusal('saml_wrong_issuer', message.slice(0, 300))
  return new SsoRefusal('other', message.slice(0, 300))
}

/**
 * Verifies a SAML response posted to a connection's ACS URL and returns what
 * its signed assertion says, or throws an SsoRefusal saying why not. Before
 * node-saml sees it: size and DOCTYPE limits, and the response's Destination.
 * After: the signed assertion's Recipient, and its ID recorded once (a
 * replayed assertion is refused on every process).
 */
export async function verifySamlResponse(sso: LoadedSsoConnection, form: { SAMLResponse?: unknown; RelayState?: unknown }): Promise<SamlAssertion> {
  const encoded = typeof form.SAMLResponse === 'string' ? form.SAMLResponse.replace(/\s+/g, '') : ''
  if (!encoded) throw new SsoRefusal('saml_malformed', 'The request carried no SAMLResponse')
  if (encoded.length > Math.ceil((SAML_MAX_BYTES * 4) / 3) + 4) throw new SsoRefusal('saml_too_large', `The response is larger than ${SAML_MAX_BYTES / 1024} KB`)
  if (!/^[A-Za-z0-9+/]+=*$/.test(encoded)) throw new SsoRefusal('saml_malformed', 'The SAMLResponse is not base64')
  const xml = Buffer.from(encoded, 'base64').toString('utf8')
  let doc: Document
  try {
    doc = parseSamlXml(xml)
  } catch (err) {
    if (err instanceof SamlXmlError) throw new SsoRefusal(err.problem === 'too_large' ? 'saml_too_large' : 'saml_malformed', err.message)
    throw err
  }
  const root = doc.documentElement
  if (root.localName !== 'Response' || root.namespaceURI !== SAML_NS.protocol) throw new SsoRefusal('saml_malformed', 'The message is not a SAML Response')
  const acs = acsUrlOf(sso.id)
  const destination = root.getAttribute('Destination')
  if (destination && destination !== acs) throw new SsoRefusal('saml_wrong_destination', `The response was sent to ${destination.slice(0, 200)}, not to this connection's ACS URL`)

  let profile: Profile | null
  try {
    profile = (await samlFor(sso).validatePostResponseAsync({ SAMLResponse: encoded })).profile
  } catch (err) {
    throw refusalOf(err, doc, sso)
  }
  if (!profile?.nameID) throw new SsoRefusal('saml_malformed', 'The assertion names no subject (NameID)')

  // The assertion node-saml verified: only its content counts from here on.
  const assertion = parseSamlXml(profile.getAssertionXml?.() ?? '').documentElement
  const confirmations = elements(assertion, SAML_NS.assertion, 'SubjectConfirmationData')
  const recipients = confirmations.map((c) => c.getAttribute('Recipient')).filter((r): r is string => Boolean(r))
  if (!recipients.length || recipients.some((r) => r !== acs)) {
    throw new SsoRefusal('saml_wrong_recipient', `The assertion is meant for ${recipients[0]?.slice(0, 200) ?? 'no recipient'}, not this connection's ACS URL`)
  }
  const issuer = elements(assertion, SAML_NS.assertion, 'Issuer')[0]?.textContent?.trim()
  if (issuer !== sso.issuer) throw new SsoRefusal('saml_wrong_issuer', `The assertion was issued by ${issuer?.slice(0, 200) ?? 'nobody'}, not by ${sso.issuer.slice(0, 200)}`)
  const assertionId = assertion.getAttribute('ID')
  if (!assertionId) throw new SsoRefusal('saml_malformed', 'The assertion has no ID')
  const expiries = [
    ...confirmations.map((c) => c.getAttribute('NotOnOrAfter')),
    elements(assertion, SAML_NS.assertion, 'Conditions')[0]?.getAttribute('NotOnOrAfter'),
  ]
    .map((v) => (v ? Date.parse(v) : NaN))
    .filter(Number.isFinite)
  const keepUntil = new Date(Math.max(Date.now() + 60 * 60 * 1000, ...expiries) + config().samlClockSkewSeconds * 1000)
  const fresh = await inWorkspace(sso.workspaceId, null, (tx) =>
    tx
      .insert(ssoSamlMessages)
      .values({ workspaceId: sso.workspaceId, connectionId: sso.id, kind: 'assertion', messageId: assertionId.slice(0, 200), expiresAt: keepUntil })
      .onConflictDoNothing()
      .returning({ id: ssoSamlMessages.messageId }),
  )
  if (!fresh.length) throw new SsoRefusal('saml_replay', `The assertion ${assertionId.slice(0, 80)} was used before`)

  const s = sso.saml!
  const nameId = profile.nameID.trim()
  const nameIdIsEmail = profile.nameIDFormat === EMAIL_FORMAT || /^[^@\s]+@[^@\s]+$/.test(nameId)
  const email = first(profile, [s.emailAttribute, ...EMAIL_ATTRIBUTES]) ?? (nameIdIsEmail ? nameId : null)
  const given = first(profile, GIVEN_ATTRIBUTES)
  const family = first(profile, FAMILY_ATTRIBUTES)
  const name = first(profile, [s.nameAttribute, ...NAME_ATTRIBUTES]) ?? ([given, family].filter(Boolean).join(' ') || null)
  return {
    subject: JSON.stringify([sso.issuer, nameId]),
    nameId,
    email,
    name: name?.slice(0, 200) ?? null,
    groups: all(profile, [s.groupsAttribute, ...GROUP_ATTRIBUTES]),
    relayState: typeof form.RelayState === 'string' ? form.RelayState.slice(0, 2000) : null,
    inResponseTo: root.getAttribute('InResponseTo') || null,
  }
}
