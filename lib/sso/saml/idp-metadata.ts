import { X509Certificate } from 'node:crypto'
import { guardedFetch, OutboundRequestError } from '@/lib/net/guarded-fetch'
import { outboundUrlProblem } from '@/lib/net/outbound-url'
import type { SamlBinding } from '@/db/schema'
import { elements, parseSamlXml, SAML_NS, SamlXmlError, toPem } from './xml'

export type IdpDescription = { entityId: string; ssoUrl: string; binding: SamlBinding; certificates: string[] }

const BINDINGS: Record<string, SamlBinding> = {
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect': 'redirect',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST': 'post',
}

/** A problem with an IdP's metadata or certificate, in words for the admin (field: where to show it). */
export class IdpMetadataError extends Error {
  constructor(
    readonly field: 'metadataXml' | 'metadataUrl' | 'certificate',
    message: string,
  ) {
    super(message)
    this.name = 'IdpMetadataError'
  }
}

/** Reads a PEM or bare base64 certificate; the admin's mistakes are named (not a certificate, expired). */
export function readCertificate(text: string, field: IdpMetadataError['field'] = 'certificate'): { pem: string; notAfter: Date; subject: string } {
  const pem = toPem(text)
  let cert: X509Certificate
  try {
    cert = new X509Certificate(pem)
  } catch {
    throw new IdpMetadataError(field, 'This is not an X.509 certificate (paste the PEM, starting with -----BEGIN CERTIFICATE-----)')
  }
  return { pem, notAfter: new Date(cert.validTo), subject: cert.subject.replace(/\n/g, ', ') }
}

/**
 * The IdP's entity ID, single sign-on URL (Redirect binding preferred, else
 * POST) and signing certificates, from its metadata XML (an EntityDescriptor,
 * or the first IdP in an EntitiesDescriptor).
 */
export function parseIdpMetadata(xml: string): IdpDescription {
  let doc: Document
  try {
    doc = parseSamlXml(xml)
  } catch (err) {
    if (err instanceof SamlXmlError) throw new IdpMetadataError('metadataXml', err.message)
    throw err
  }
  const idp = elements(doc, SAML_NS.metadata, 'IDPSSODescriptor')[0]
  const entity = idp?.parentNode as Element | null
  if (!idp || !entity || entity.localName !== 'EntityDescriptor') {
    throw new IdpMetadataError('metadataXml', 'This metadata describes no identity provider (no IDPSSODescriptor): paste the IdP metadata, not the SP one')
  }
  const entityId = entity.getAttribute('entityID')?.trim()
  if (!entityId) throw new IdpMetadataError('metadataXml', 'The metadata has no entityID')
  const services = elements(idp, SAML_NS.metadata, 'SingleSignOnService')
    .map((s) => ({ binding: BINDINGS[s.getAttribute('Binding') ?? ''], url: s.getAttribute('Location')?.trim() ?? '' }))
    .filter((s): s is { binding: SamlBinding; url: string } => Boolean(s.binding && s.url))
  const service = services.find((s) => s.binding === 'redirect') ?? services[0]
  if (!service) throw new IdpMetadataError('metadataXml', 'The metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding')
  const certificates = elements(idp, SAML_NS.metadata, 'KeyDescriptor')
    .filter((k) => (k.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((k) => elements(k, SAML_NS.dsig, 'X509Certificate'))
    .map((c) => readCertificate(c.textContent ?? '', 'metadataXml').pem)
  if (!certificates.length) throw new IdpMetadataError('metadataXml', 'The metadata has no signing certificate')
  return { entityId: entityId.slice(0, 500), ssoUrl: service.url.slice(0, 2000), binding: service.binding, certificates: [...new Set(certificates)] }
}

/** Fetches an IdP's metadata from its URL through the guarded client (http(s), no private addresses unless allowed, 5 s, no redirects). */
export async function fetchIdpMetadata(url: string): Promise<{ xml: string; description: IdpDescription }> {
  const problem = outboundUrlProblem(url, { query: true })
  if (problem) throw new IdpMetadataError('metadataUrl', `The metadata URL ${problem}`)
  let res: Response
  try {
    res = await guardedFetch(url, { headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' } })
  } catch (err) {
    if (err instanceof OutboundRequestError) throw new IdpMetadataError('metadataUrl', err.message)
    throw err
  }
  if (!res.ok) throw new IdpMetadataError('metadataUrl', `The metadata URL answered HTTP ${res.status}`)
  const xml = await res.text()
  try {
    return { xml, description: parseIdpMetadata(xml) }
  } catch (err) {
    if (err instanceof IdpMetadataError) throw new IdpMetadataError('metadataUrl', err.message)
    throw err
  }
}
