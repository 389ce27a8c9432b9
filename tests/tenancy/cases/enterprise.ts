import { scimGroups, ssoConnections, ssoSamlSettings } from '@/db/schema'
import { inWorkspace } from '@/lib/db/tenant'
import { createScimToken } from '@/lib/scim/tokens'
import { ctxOf } from '../../support/fixtures'
import { expect } from 'vitest'
import type { CaseFile, RouteCase } from './types'

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
const scim: RouteCase = {
  kind: 'not-scoped',
  why: "SCIM is judged by the bearer token of the connection in the URL, never a cookie: another workspace's token gets 404 (tests/integration/scim.test.ts)",
  crossOrigin: {
    why: 'IdPs call it server to server with a bearer token',
    params: ({ ids }) => ({ connectionId: ids.samlConnectionId! }),
    check: async (res) => {
      expect(res.status).toBe(401)
    },
  },
}

/** SAML, SCIM and SSO enforcement (issue 13). */
export const enterpriseCases: CaseFile = {
  setupB: async ({ B }) => {
    const bOwner = await ctxOf(B.owner.id, B.ws.id)
    const { samlId, groupId } = await inWorkspace(B.ws.id, B.owner.id, async (tx) => {
      const [conn] = await tx.insert(ssoConnections).values({ workspaceId: B.ws.id, name: 'B SAML', protocol: 'saml', issuer: 'https://idp.beta.test/saml', defaultRoleKey: 'viewer' }).returning()
      await tx.insert(ssoSamlSettings).values({ connectionId: conn!.id, workspaceId: B.ws.id, ssoUrl: 'https://idp.beta.test/sso', certificates: [PEM] })
      const [group] = await tx.insert(scimGroups).values({ workspaceId: B.ws.id, connectionId: conn!.id, displayName: 'B Support' }).returning()
      return { samlId: conn!.id, groupId: group!.id }
    })
    const token = await createScimToken(bOwner, samlId)
    return { samlConnectionId: samlId, scimTokenId: token.id, scimGroupId: groupId, bOwnerId: B.owner.id }
  },
  routes: {
    'app/api/sso/saml/[connectionId]/login/route.ts GET': { kind: 'not-scoped', why: 'starts a sign-in at the connection\'s IdP; reads and writes nothing of the workspace but the AuthnRequest id' },
    'app/api/sso/saml/[connectionId]/acs/route.ts POST': {
      kind: 'not-scoped',
      why: 'the signed SAML response is the credential; every refusal is tested in tests/integration/auth-saml.test.ts',
      crossOrigin: {
        // (A post to a real connection without a valid response is logged as a refused sign-in, by design: tests/integration/auth-saml.test.ts.)
        why: "the IdP's page posts the response from the IdP's origin",
        check: async (res) => {
          expect(res.status).toBe(303)
          expect(res.headers.get('location')).toContain('/signin?error=sso_')
          expect(res.headers.getSetCookie()).toEqual([])
        },
      },
    },
    'app/api/sso/saml/[connectionId]/complete/route.ts GET': {
      kind: 'not-scoped',
      why: 'finishes a parked SAML sign-in for the browser holding its cookie (tests/integration/auth-saml.test.ts, login CSRF case)',
    },
    'app/api/sso/saml/[connectionId]/metadata/route.ts GET': { kind: 'not-scoped', why: 'public SP metadata: the entity ID and ACS URL the IdP needs' },
    'app/api/scim/v2/[connectionId]/[[...path]]/route.ts GET': scim,
    'app/api/scim/v2/[connectionId]/[[...path]]/route.ts POST': scim,
    'app/api/scim/v2/[connectionId]/[[...path]]/route.ts PUT': scim,
    'app/api/scim/v2/[connectionId]/[[...path]]/route.ts PATCH': scim,
    'app/api/scim/v2/[connectionId]/[[...path]]/route.ts DELETE': scim,
  },
  actions: {
    'app/w/[slug]/settings/sso/actions.ts createSamlConnectionAction': {
      kind: 'workspace',
      input: () => ({ name: 'Evil', defaultRole: 'admin', entityId: 'urn:evil', ssoUrl: 'https://evil.test/sso', certificate: PEM }),
    },
    'app/w/[slug]/settings/sso/actions.ts updateSamlConnectionAction': {
      kind: 'workspace',
      input: ({ ids }) => ({ connectionId: ids.samlConnectionId, name: 'Evil', defaultRole: 'admin', enabled: 'on', idpInitiated: 'on' }),
    },
    'app/w/[slug]/settings/sso/actions.ts setDomainEnforcementAction': { kind: 'workspace', input: ({ ids }) => ({ domainId: ids.domainId, enforced: 'on', confirmSelf: 'on' }) },
    'app/w/[slug]/settings/sso/actions.ts setBreakGlassAction': { kind: 'workspace', input: ({ ids }) => ({ userId: ids.bOwnerId }) },
    'app/w/[slug]/settings/sso/actions.ts createScimTokenAction': { kind: 'workspace', input: ({ ids }) => ({ connectionId: ids.samlConnectionId }) },
    'app/w/[slug]/settings/sso/actions.ts revokeScimTokenAction': { kind: 'workspace', input: ({ ids }) => ({ tokenId: ids.scimTokenId }) },
    'app/w/[slug]/settings/sso/actions.ts mapScimGroupAction': { kind: 'workspace', input: ({ ids }) => ({ groupId: ids.scimGroupId, role: 'admin' }) },
  },
}
