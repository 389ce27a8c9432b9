import { DOMParser } from '@xmldom/xmldom'

/** The largest SAML message or metadata document Touchmap reads (a real one is a few kilobytes). */
export const SAML_MAX_BYTES = 256 * 1024

export class SamlXmlError extends Error {
  constructor(
    readonly problem: 'doctype' | 'too_large' | 'malformed',
    message: string,
  ) {
    super(message)
    this.name = 'SamlXmlError'
  }
}

/**
 * Parses SAML XML with the rules every SAML endpoint needs: no DOCTYPE (so
 * no entity expansion and no external entities), a size limit, and
 * well-formedness (a parser warning is an error).
 */
export function parseSamlXml(xml: string): Document {
  if (Buffer.byteLength(xml, 'utf8') > SAML_MAX_BYTES) throw new SamlXmlError('too_large', `The XML is larger than ${SAML_MAX_BYTES / 1024} KB`)
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SamlXmlError('doctype', 'The XML declares a DOCTYPE or entities, which SAML never needs')
  const fail = (msg: string) => {
    throw new SamlXmlError('malformed', `The XML is not well-formed: ${String(msg).split('\n')[0]!.slice(0, 200)}`)
  }
  const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: fail, fatalError: fail } }).parseFromString(xml, 'text/xml')
  if (!doc?.documentElement) fail('no root element')
  return doc as unknown as Document
}

export const SAML_NS = {
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const

/** Direct and nested elements by namespace and local name. */
export function elements(root: Document | Element, ns: string, name: string): Element[] {
  return Array.from((root as Element).getElementsByTagNameNS(ns, name))
}

/** A certificate's base64 body (as metadata carries it) as PEM. */
export function toPem(body: string): string {
  const clean = body.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')
  return `-----BEGIN CERTIFICATE-----\n${clean.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`
}
