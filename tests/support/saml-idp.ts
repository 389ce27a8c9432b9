/**
 * A real SAML 2.0 identity provider for tests and for trying SAML locally,
 * on loopback. It signs assertions with its own key (xml-crypto, RSA-SHA256,
 * exclusive c14n) and answers AuthnRequests a browser brings it:
 *
 *   GET  /metadata            its IdP metadata (entity ID, SSO URLs for both bindings, signing certificate)
 *   GET  /sso?SAMLRequest=…   HTTP-Redirect binding (deflated): the login form
 *   POST /sso                 HTTP-POST binding: the login form
 *   POST /login               signs in as the email typed in field `email`
 *                             ("Email", button "Sign in") and posts a signed
 *                             Response to the request's ACS URL (auto-submitted form)
 *   GET  /initiate?acs=…&audience=…&email=…   IdP-initiated: an unsolicited Response
 *
 * Tests also build responses directly (`idp.response(...)`) to try every way
 * a response can be wrong: unsigned, signed by another key, wrapped, replayed,
 * for another audience or recipient, too early or too late.
 *
 * As its own process: `npm run idp:saml` (PORT via SAML_IDP_PORT, default
 * 7443) prints its metadata URL and runs until SIGINT/SIGTERM.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inflateRawSync } from 'node:zlib'
import { DOMParser } from '@xmldom/xmldom'
import { generate } from 'selfsigned'
import { SignedXml } from 'xml-crypto'
import { isMain } from './is-main'

export type KeyPair = { key: string; cert: string }

export async function makeKeyPair(commonName = 'Touchmap test IdP'): Promise<KeyPair> {
  const pems = await generate([{ name: 'commonName', value: commonName }], { notAfterDate: new Date(Date.now() + 365 * 86_400_000), keySize: 2048 })
  return { key: pems.private, cert: pems.cert }
}

const certBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

export type ResponseOptions = {
  acs: string
  audience: string
  /** NameID (default: the email). */
  nameId?: string
  nameIdFormat?: string
  email?: string
  attributes?: Record<string, string | string[]>
  /** Leave out the email attribute (the NameID is then the only address). */
  noEmailAttribute?: boolean
  /** The AuthnRequest answered; null for an unsolicited (IdP-initiated) response. */
  inResponseTo?: string | null
  /** Default: the ACS URL; null leaves the attribute out. */
  destination?: string | null
  recipient?: string
  issuer?: string
  notBefore?: Date
  notOnOrAfter?: Date
  assertionId?: string
  /** What to sign (default the assertion). */
  sign?: 'assertion' | 'response' | 'both' | 'none'
  /** Sign with this key instead of the IdP's own. */
  keyPair?: KeyPair
  /** A raw NameID element body (for comment-injection tests), used verbatim after signing. */
  rawNameId?: string
}

/** A signed SAML Response as XML (tests base64 it, or change it first). */
export function buildResponse(idp: { entityId: string; keyPair: KeyPair }, o: ResponseOptions): string {
  const now = new Date()
  const notBefore = o.notBefore ?? new Date(now.getTime() - 60_000)
  const notOnOrAfter = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)
  const assertionId = o.assertionId ?? `_a${randomUUID().replace(/-/g, '')}`
  const responseId = `_r${randomUUID().replace(/-/g, '')}`
  const issuer = o.issuer ?? idp.entityId
  const email = o.email ?? 'someone@example.com'
  const nameId = o.nameId ?? email
  const format = o.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'
  const inResponseTo = o.inResponseTo ? ` InResponseTo="${esc(o.inResponseTo)}"` : ''
  const destination = o.destination === null ? '' : ` Destination="${esc(o.destination ?? o.acs)}"`
  const attributes = Object.entries({ ...(o.noEmailAttribute ? {} : { email }), ...o.attributes })
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${esc(name)}">${(Array.isArray(value) ? value : [value]).map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`,
    )
    .join('')
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${esc(issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${esc(format)}">${esc(nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${inResponseTo} NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${esc(o.recipient ?? o.acs)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${esc(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`
  let xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${iso(now)}"${destination}${inResponseTo}>` +
    `<saml:Issuer>${esc(issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`
  const keys = o.keyPair ?? idp.keyPair
  const sign = o.sign ?? 'assertion'
  if (sign === 'assertion' || sign === 'both') xml = signElement(xml, 'Assertion', keys)
  if (sign === 'response' || sign === 'both') xml = signElement(xml, 'Response', keys)
  if (o.rawNameId !== undefined) xml = xml.replace(/(<saml:NameID[^>]*>)[^<]*(<\/saml:NameID>)/, `$1${o.rawNameId}$2`)
  return xml
}

/** Signs one element (by local name) with an enveloped signature placed after its Issuer. */
export function signElement(xml: string, localName: 'Assertion' | 'Response', keys: KeyPair): string {
  const sig = new SignedXml({
    privateKey: keys.key,
    publicCert: keys.cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  })
  const at = `//*[local-name(.)='${localName}']`
  sig.addReference({
    xpath: at,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  })
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `${at}/*[local-name(.)='Issuer']`, action: 'after' } })
  return sig.getSignedXml()
}

export type AuthnRequestInfo = { id: string; acs: string; issuer: string }

/** Reads an AuthnRequest (deflated for the Redirect binding, plain for POST). */
export function readAuthnRequest(encoded: string, binding: 'redirect' | 'post'): AuthnRequestInfo {
  const raw = Buffer.from(encoded, 'base64')
  const xml = binding === 'redirect' ? inflateRawSync(raw).toString('utf8') : raw.toString('utf8')
  const doc = new DOMParser().parseFromString(xml, 'text/xml')
  const root = doc.documentElement!
  const issuer = root.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0]?.textContent ?? ''
  return { id: root.getAttribute('ID') ?? '', acs: root.getAttribute('AssertionConsumerServiceURL') ?? '', issuer }
}

export type SamlIdpHandle = {
  url: string
  entityId: string
  metadataUrl: string
  ssoUrl: string
  keyPair: KeyPair
  metadataXml(): string
  /** A response as base64, as the browser would post it. */
  response(o: ResponseOptions): string
  /** The AuthnRequests it received, newest last. */
  requests: AuthnRequestInfo[]
  /** Attributes added to every response for an email (groups, names). */
  setAttributes(email: string, attributes: Record<string, string | string[]>): void
  close(): Promise<void>
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => resolve(body))
    req.on('error', reject)
  })

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:sans-serif;max-width:28rem;margin:3rem auto">${body}</body></html>`

/**
 * `host`: the name in its URLs (default localhost). The e2e run uses
 * 127.0.0.1 so that the IdP is another site than the app (localhost), as a
 * real IdP is: the browser then sends no Lax cookie with its POST to the ACS.
 */
export async function startSamlIdp(opts: { port?: number; keyPair?: KeyPair; host?: string } = {}): Promise<SamlIdpHandle> {
  const keyPair = opts.keyPair ?? (await makeKeyPair())
  const extraAttributes = new Map<string, Record<string, string | string[]>>()
  const requests: AuthnRequestInfo[] = []
  let url = ''
  const entityId = () => `${url}/metadata`
  const idp = () => ({ entityId: entityId(), keyPair })
  const metadataXml = () =>
    `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${esc(entityId())}">` +
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(keyPair.cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${esc(url)}/sso"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${esc(url)}/sso"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`

  const postTo = (res: ServerResponse, acs: string, samlResponse: string, relayState: string | null) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      page(
        'Signing you in',
        `<form id="f" method="post" action="${esc(acs)}"><input type="hidden" name="SAMLResponse" value="${samlResponse}">` +
          (relayState ? `<input type="hidden" name="RelayState" value="${esc(relayState)}">` : '') +
          `<button type="submit">Continue</button></form><script>document.getElementById('f').submit()</script>`,
      ),
    )
  }

  const loginForm = (res: ServerResponse, request: string, relayState: string) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      page(
        'Test IdP: sign in',
        `<h1>Test SAML IdP</h1><form method="post" action="/login"><input type="hidden" name="request" value="${esc(request)}"><input type="hidden" name="RelayState" value="${esc(relayState)}">` +
          `<label>Email <input name="email" type="email" required autofocus></label> <button type="submit">Sign in</button></form>`,
      ),
    )
  }

  const server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', url)
      if (req.method === 'GET' && u.pathname === '/metadata') {
        res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' })
        return res.end(metadataXml())
      }
      if (u.pathname === '/sso') {
        const form = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : u.searchParams
        const encoded = form.get('SAMLRequest')
        if (!encoded) return res.writeHead(400).end('SAMLRequest missing')
        const info = readAuthnRequest(encoded, req.method === 'POST' ? 'post' : 'redirect')
        requests.push(info)
        return loginForm(res, JSON.stringify(info), form.get('RelayState') ?? '')
      }
      if (req.method === 'POST' && u.pathname === '/login') {
        const form = new URLSearchParams(await readBody(req))
        const info = JSON.parse(form.get('request') ?? '{}') as AuthnRequestInfo
        const email = form.get('email') ?? ''
        const xml = buildResponse(idp(), { acs: info.acs, audience: info.issuer, email, inResponseTo: info.id, attributes: extraAttributes.get(email.toLowerCase()) })
        return postTo(res, info.acs, Buffer.from(xml).toString('base64'), form.get('RelayState'))
      }
      if (req.method === 'GET' && u.pathname === '/initiate') {
        const acs = u.searchParams.get('acs') ?? ''
        const email = u.searchParams.get('email') ?? ''
        const xml = buildResponse(idp(), { acs, audience: u.searchParams.get('audience') ?? '', email, inResponseTo: null, attributes: extraAttributes.get(email.toLowerCase()) })
        return postTo(res, acs, Buffer.from(xml).toString('base64'), u.searchParams.get('RelayState'))
      }
      res.writeHead(404).end('not found')
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err))
    })
  })
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  url = `http://${opts.host ?? 'localhost'}:${(server.address() as AddressInfo).port}`
  return {
    url,
    entityId: entityId(),
    metadataUrl: `${url}/metadata`,
    ssoUrl: `${url}/sso`,
    keyPair,
    metadataXml,
    requests,
    response: (o) => Buffer.from(buildResponse(idp(), o)).toString('base64'),
    setAttributes: (email, attributes) => void extraAttributes.set(email.toLowerCase(), attributes),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

if (isMain(import.meta.url)) {
  const idp = await startSamlIdp({ port: Number(process.env.SAML_IDP_PORT ?? 7443) })
  console.log(`Test SAML IdP on ${idp.url}
  Metadata URL (paste into Settings -> Single sign-on -> Add a SAML connection): ${idp.metadataUrl}
  It signs in whatever email you type. Touchmap must allow http on loopback: SSO_ALLOW_HTTP_LOOPBACK=true and OUTBOUND_ALLOWED_ADDRESSES=127.0.0.1,::1`)
  const stop = () => void idp.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
