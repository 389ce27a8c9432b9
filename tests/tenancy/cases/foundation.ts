import { sessions, ssoConnections } from '@/db/schema'
import { seal } from '@/lib/crypto/secret-box'
import { database } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { listDepartments } from '@/lib/departments/departments'
import { createInvitation, listPendingInvitations } from '@/lib/invitations/invitations'
import { sessionId } from '@/lib/sessions/sessions'
import { addDomain } from '@/lib/sso/domain-claims'
import { expect } from 'vitest'
import { ctxOf, uniqueEmail } from '../../support/fixtures'
import type { CaseFile } from './types'

/** Sign-in, workspaces, members, invitations, departments, SSO, sessions. */
export const foundation: CaseFile = {
  setupB: async ({ B }) => {
    const bOwner = await ctxOf(B.owner.id, B.ws.id)
    const [dept] = await listDepartments(bOwner)
    await createInvitation(bOwner, { email: uniqueEmail('b-invitee'), role: 'viewer' })
    const [inv] = await listPendingInvitations(bOwner)
    const [conn] = await inWorkspace(B.ws.id, B.owner.id, (tx) =>
      tx
        .insert(ssoConnections)
        .values({ workspaceId: B.ws.id, name: 'B IdP', issuer: 'https://idp.beta.test', clientId: 'b', clientSecretEnc: seal('b'), defaultRoleKey: 'viewer' })
        .returning(),
    )
    const domain = await addDomain(bOwner, conn!.id, 'beta-corp.test')
    await (await database()).insert(sessions).values({ sessionToken: 'b-owner-session', userId: B.owner.id, expires: new Date(Date.now() + 86_400_000) })
    return {
      departmentId: dept!.id,
      invitationId: inv!.id,
      connectionId: conn!.id,
      domainId: domain.id,
      userId: B.editor.id,
      sessionId: sessionId('b-owner-session'),
    }
  },
  routes: {
    'app/api/health/route.ts GET': { kind: 'not-scoped', why: 'reports only whether the database answers' },
    'app/api/metrics/route.ts GET': { kind: 'not-scoped', why: 'process-wide counters, no workspace data' },
    'app/api/auth/[...nextauth]/route.ts GET': { kind: 'not-scoped', why: 'Auth.js protocol endpoints; no workspace ids (SSO covered in tests/integration/auth-sso.test.ts)' },
    'app/api/auth/[...nextauth]/route.ts POST': { kind: 'not-scoped', why: 'Auth.js protocol endpoints; no workspace ids' },
    'app/api/workspaces/route.ts GET': {
      kind: 'user',
      check: async (res, { A }) => {
        const { workspaces } = (await res.json()) as { workspaces: { id: string }[] }
        expect(workspaces.map((w) => w.id)).toEqual([A.ws.id])
      },
    },
    'app/api/workspaces/route.ts POST': { kind: 'not-scoped', why: 'creates a new workspace owned by the caller' },
    'app/api/workspaces/[workspaceId]/route.ts GET': { kind: 'workspace' },
    'app/api/workspaces/[workspaceId]/members/route.ts GET': { kind: 'workspace' },
    'app/api/workspaces/[workspaceId]/activity/route.ts GET': { kind: 'workspace' },
    'app/api/realtime/tickets/route.ts POST': { kind: 'workspace', body: ({ B }) => ({ doc: `ws.${B.ws.id}.map-1` }) },
  },
  actions: {
    'app/signin/actions.ts requestMagicLink': { kind: 'not-scoped', why: 'sign-in: anyone, no workspace ids (tests/integration/auth-magic-link.test.ts)' },
    'app/signin/actions.ts continueWithSso': { kind: 'not-scoped', why: 'sign-in: routes by email domain (tests/integration/auth-sso.test.ts)' },
    'app/signin/link/[id]/actions.ts confirmSsoLinkAction': {
      kind: 'not-scoped',
      why: 'sign-in: a link request bound to one browser and one account, no workspace ids (tests/integration/auth-sso.test.ts)',
    },
    'app/workspaces/new/actions.ts createWorkspaceAction': { kind: 'not-scoped', why: 'creates a workspace owned by the caller' },
    'app/account/actions.ts updateProfile': { kind: 'not-scoped', why: "changes the caller's own name" },
    'app/account/actions.ts signOutAction': { kind: 'not-scoped', why: "ends the caller's own session", emptyInputOk: true },
    'app/account/actions.ts signOutEverywhere': { kind: 'not-scoped', why: "deletes the caller's own sessions (B's session survives: the snapshot checks it)", emptyInputOk: true },
    'app/account/actions.ts revokeSession': { kind: 'user', input: ({ ids }) => ({ sessionId: ids.sessionId }), expectStatus: 404 },
    'app/invite/[token]/actions.ts acceptInvitationAction': { kind: 'user', input: () => ({ token: 'x'.repeat(43) }), expectStatus: 404 },
    'app/w/[slug]/settings/actions.ts renameWorkspaceAction': { kind: 'workspace', input: () => ({ name: 'Pwned' }) },
    'app/w/[slug]/settings/actions.ts deleteWorkspaceAction': { kind: 'workspace', input: ({ B }) => ({ confirmName: B.ws.name }) },
    'app/w/[slug]/settings/actions.ts repairMapAction': { kind: 'workspace', input: ({ ids }) => ({ mapId: ids.mapId! }) },
    'app/w/[slug]/settings/actions.ts leaveWorkspaceAction': { kind: 'workspace', input: () => ({}), viewerMay: true, emptyInputOk: true },
    'app/w/[slug]/settings/members/actions.ts inviteMemberAction': { kind: 'workspace', input: () => ({ email: 'spy@evil.test', role: 'admin' }) },
    'app/w/[slug]/settings/members/actions.ts revokeInvitationAction': { kind: 'workspace', input: ({ ids }) => ({ invitationId: ids.invitationId }) },
    'app/w/[slug]/settings/members/actions.ts changeMemberRoleAction': { kind: 'workspace', input: ({ ids }) => ({ userId: ids.userId, role: 'viewer' }) },
    'app/w/[slug]/settings/members/actions.ts setMemberDepartmentAction': { kind: 'workspace', input: ({ ids }) => ({ userId: ids.userId, departmentId: ids.departmentId }) },
    'app/w/[slug]/settings/members/actions.ts removeMemberAction': { kind: 'workspace', input: ({ ids }) => ({ userId: ids.userId }) },
    'app/w/[slug]/settings/departments/actions.ts createDepartmentAction': { kind: 'workspace', input: () => ({ name: 'Spies' }) },
    'app/w/[slug]/settings/departments/actions.ts renameDepartmentAction': { kind: 'workspace', input: ({ ids }) => ({ departmentId: ids.departmentId, name: 'Spies' }) },
    'app/w/[slug]/settings/departments/actions.ts deleteDepartmentAction': { kind: 'workspace', input: ({ ids }) => ({ departmentId: ids.departmentId }) },
    'app/w/[slug]/settings/sso/actions.ts createSsoConnectionAction': {
      kind: 'workspace',
      input: () => ({ name: 'Evil', issuer: 'https://evil.test', clientId: 'e', clientSecret: 'e', defaultRole: 'admin' }),
    },
    'app/w/[slug]/settings/sso/actions.ts updateSsoConnectionAction': {
      kind: 'workspace',
      input: ({ ids }) => ({ connectionId: ids.connectionId, name: 'Evil', issuer: 'https://evil.test', clientId: 'e', defaultRole: 'admin', enabled: 'on' }),
    },
    'app/w/[slug]/settings/sso/actions.ts deleteSsoConnectionAction': { kind: 'workspace', input: ({ ids }) => ({ connectionId: ids.connectionId }) },
    'app/w/[slug]/settings/sso/actions.ts addSsoDomainAction': { kind: 'workspace', input: ({ ids }) => ({ connectionId: ids.connectionId, domain: 'evil-corp.test' }) },
    'app/w/[slug]/settings/sso/actions.ts checkSsoDomainAction': { kind: 'workspace', input: ({ ids }) => ({ domainId: ids.domainId }) },
    'app/w/[slug]/settings/sso/actions.ts attestSsoDomainAction': { kind: 'workspace', input: ({ ids }) => ({ domainId: ids.domainId, attest: 'on' }) },
    'app/w/[slug]/settings/sso/actions.ts removeSsoDomainAction': { kind: 'workspace', input: ({ ids }) => ({ domainId: ids.domainId }) },
  },
}
