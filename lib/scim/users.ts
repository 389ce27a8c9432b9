import { and, count, eq, sql } from 'drizzle-orm'
import { scimPatch, ScimError as PatchError, type ScimPatchOperation } from 'scim-patch'
import { scimUsers, users, type ScimUser } from '@/db/schema'
import { database, type Tx } from '@/lib/db'
import { inWorkspace } from '@/lib/db/tenant'
import { parseEmail } from '@/lib/email/parse-email'
import { domainHeld, loadSsoConnection } from '@/lib/sso/load-connection'
import { invalidValue, isObject, notFound, ScimError, type Json } from './errors'
import { listResponse, pageResponse, parseListQuery, type ListQuery } from './list'
import { admit, afterMembershipChanges, dismiss, type MembershipChange } from './members'
import type { ScimCaller } from './tokens'

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'


/** SCIM booleans as the large IdPs send them: true, "True", "true" (and the false forms). */
export function scimBoolean(v: unknown, field: string): boolean {
  if (typeof v === 'boolean') return v
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true'
  throw invalidValue(`${field} must be true or false`)
}

const text = (v: unknown, field: string, max: number, required = false): string | null => {
  if (v === undefined || v === null || v === '') {
    if (required) throw invalidValue(`${field} is required`)
    return null
  }
  if (typeof v !== 'string') throw invalidValue(`${field} must be a string`)
  const t = v.trim()
  if (required && !t) throw invalidValue(`${field} is required`)
  if (t.length > max) throw invalidValue(`${field} is longer than ${max} characters`)
  return t || null
}

type NormalizedUser = { userName: string; externalId: string | null; active: boolean; email: string; domain: string; displayName: string; resource: Json }

/** A User resource as Touchmap keeps it: the core attributes (and the enterprise extension), checked; never a password. */
export function normalizeUser(raw: unknown): NormalizedUser {
  if (!isObject(raw)) throw new ScimError(400, 'The body must be a JSON object (a SCIM User)', 'invalidSyntax')
  const userName = text(raw.userName, 'userName', 254, true)!
  const externalId = text(raw.externalId, 'externalId', 254)
  const active = raw.active === undefined ? true : scimBoolean(raw.active, 'active')
  const emails = raw.emails === undefined ? [] : raw.emails
  if (!Array.isArray(emails) || emails.some((e) => !isObject(e))) throw invalidValue('emails must be a list of {value, type, primary}')
  const list = (emails as Json[]).slice(0, 20).map((e) => ({
    value: text(e.value, 'emails.value', 254),
    type: text(e.type, 'emails.type', 40),
    primary: e.primary === undefined ? false : scimBoolean(e.primary, 'emails.primary'),
  }))
  const chosen = list.find((e) => e.primary && e.value) ?? list.find((e) => e.type === 'work' && e.value) ?? list.find((e) => e.value)
  const parsed = parseEmail(chosen?.value ?? userName)
  if (!parsed) throw invalidValue(`The user has no valid email address: give emails[].value, or a userName that is one (${(chosen?.value ?? userName).slice(0, 100)})`)
  const name = isObject(raw.name) ? raw.name : {}
  const givenName = text(name.givenName, 'name.givenName', 100)
  const familyName = text(name.familyName, 'name.familyName', 100)
  const formatted = text(name.formatted, 'name.formatted', 200)
  const displayName = text(raw.displayName, 'displayName', 200) ?? formatted ?? ([givenName, familyName].filter(Boolean).join(' ') || parsed.address)
  const enterprise = isObject(raw[ENTERPRISE_USER_SCHEMA]) ? (raw[ENTERPRISE_USER_SCHEMA] as Json) : null
  const resource: Json = {
    schemas: [USER_SCHEMA, ...(enterprise ? [ENTERPRISE_USER_SCHEMA] : [])],
    userName,
    ...(externalId ? { externalId } : {}),
    name: { ...(givenName ? { givenName } : {}), ...(familyName ? { familyName } : {}), ...(formatted ? { formatted } : {}) },
    displayName,
    emails: list.filter((e) => e.value),
    active,
    ...(typeof raw.title === 'string' ? { title: text(raw.title, 'title', 200) } : {}),
    ...(enterprise ? { [ENTERPRISE_USER_SCHEMA]: { department: text(enterprise.department, 'department', 200) ?? undefined } } : {}),
  }
  return { userName, externalId, active, email: parsed.address, domain: parsed.domain, displayName, resource }
}

export function userResource(row: ScimUser, base: string): Json {
  return {
    ...row.resource,
    schemas: (row.resource.schemas as string[] | undefined) ?? [USER_SCHEMA],
    id: row.id,
    userName: row.userName,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    active: row.active,
    meta: { resourceType: 'User', created: row.createdAt.toISOString(), lastModified: row.updatedAt.toISOString(), location: `${base}/Users/${row.id}`, version: `W/"${row.version}"` },
  }
}

/** The address must be in a domain the connection holds; an existing account is provisioned only for a DNS-proven one. */
async function checkDomain(caller: ScimCaller, u: NormalizedUser, existing: boolean) {
  const sso = await loadSsoConnection(caller.connectionId)
  const claim = sso?.domains.find((d) => d.domain === u.domain)
  if (!claim || !domainHeld(claim.status)) throw invalidValue(`${u.domain} is not a domain this connection holds: add it and prove it by DNS in Touchmap's SSO settings`)
  if (existing && claim.status !== 'verified') throw new ScimError(409, `An account with ${u.email} exists, and an attested domain never opens existing accounts: prove ${u.domain} by DNS`, 'uniqueness')
}

async function conflictCheck(tx: Tx, caller: ScimCaller, u: NormalizedUser, selfId: string | null) {
  const clash = await tx
    .select({ id: scimUsers.id, userName: scimUsers.userName, externalId: scimUsers.externalId })
    .from(scimUsers)
    .where(
      and(
        eq(scimUsers.connectionId, caller.connectionId),
        u.externalId ? sql`(lower(${scimUsers.userName}) = lower(${u.userName}) or ${scimUsers.externalId} = ${u.externalId})` : sql`lower(${scimUsers.userName}) = lower(${u.userName})`,
      ),
    )
  const other = clash.find((c) => c.id !== selfId)
  if (other) throw new ScimError(409, other.userName.toLowerCase() === u.userName.toLowerCase() ? `userName ${u.userName} is taken` : `externalId ${u.externalId} is taken`, 'uniqueness')
}

export async function createUser(caller: ScimCaller, raw: unknown, base: string): Promise<Json> {
  const u = normalizeUser(raw)
  const db = await database()
  const [existingUser] = await db.select({ id: users.id }).from(users).where(eq(users.email, u.email))
  await checkDomain(caller, u, Boolean(existingUser))
  const changes: MembershipChange[] = []
  const row = await inWorkspace(caller.workspaceId, null, async (tx) => {
    await conflictCheck(tx, caller, u, null)
    const [person] = existingUser
      ? [existingUser]
      : await tx.insert(users).values({ email: u.email, name: u.displayName }).onConflictDoNothing().returning({ id: users.id })
    if (!person) throw new ScimError(409, `An account with ${u.email} was created meanwhile; retry`, 'uniqueness')
    const [taken] = await tx.select({ id: scimUsers.id }).from(scimUsers).where(and(eq(scimUsers.connectionId, caller.connectionId), eq(scimUsers.userId, person.id)))
    if (taken) throw new ScimError(409, `${u.email} is already provisioned as another SCIM user`, 'uniqueness')
    const [created] = await tx
      .insert(scimUsers)
      .values({
        workspaceId: caller.workspaceId,
        connectionId: caller.connectionId,
        userId: person.id,
        createdAccount: !existingUser,
        userName: u.userName,
        externalId: u.externalId,
        active: u.active,
        resource: u.resource,
      })
      .returning()
    if (u.active) changes.push(await admit(tx, caller.workspaceId, caller.connectionId, { id: created!.id, userId: person.id, email: u.email }))
    return created!
  })
  await afterMembershipChanges(caller.workspaceId, caller.connectionId, changes)
  return userResource(row, base)
}

async function load(tx: Tx, caller: ScimCaller, id: string): Promise<ScimUser> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('User')
  const [row] = await tx.select().from(scimUsers).where(and(eq(scimUsers.connectionId, caller.connectionId), eq(scimUsers.id, id)))
  if (!row) throw notFound('User')
  return row
}

export async function getUser(caller: ScimCaller, id: string, base: string): Promise<Json> {
  return userResource(await inWorkspace(caller.workspaceId, null, (tx) => load(tx, caller, id)), base)
}

/** Writes a replaced or patched user: the person's email follows the IdP (within the held domains), membership follows `active`. */
async function write(caller: ScimCaller, id: string, next: (row: ScimUser) => unknown, base: string): Promise<Json> {
  const changes: MembershipChange[] = []
  const row = await inWorkspace(caller.workspaceId, null, async (tx) => {
    const row = await load(tx, caller, id)
    const u = normalizeUser(next(row))
    const [person] = await tx.select({ email: users.email }).from(users).where(eq(users.id, row.userId))
    if (person && person.email !== u.email) throw invalidValue(`The email address cannot change from ${person.email} to ${u.email} through SCIM; deprovision and provision the person again`)
    await conflictCheck(tx, caller, u, row.id)
    const [saved] = await tx
      .update(scimUsers)
      .set({ userName: u.userName, externalId: u.externalId, active: u.active, resource: u.resource, version: row.version + 1, updatedAt: new Date() })
      .where(eq(scimUsers.id, row.id))
      .returning()
    const who = { id: row.id, userId: row.userId, email: u.email }
    changes.push(u.active ? await admit(tx, caller.workspaceId, caller.connectionId, who) : await dismiss(tx, caller.workspaceId, who))
    return saved!
  })
  await afterMembershipChanges(caller.workspaceId, caller.connectionId, changes)
  return userResource(row, base)
}

export const replaceUser = (caller: ScimCaller, id: string, raw: unknown, base: string) => write(caller, id, () => raw, base)

/** Applies a PatchOp (scim-patch: paths with filters, ops in any case, no path with a value object). */
export function applyPatch<T extends Json>(resource: T, body: unknown): T {
  if (!isObject(body) || !Array.isArray(body.Operations)) throw new ScimError(400, 'A PATCH body needs "Operations": [...]', 'invalidSyntax')
  if (Array.isArray(body.schemas) && !body.schemas.includes(PATCH_SCHEMA)) throw new ScimError(400, `A PATCH body's schemas must include ${PATCH_SCHEMA}`, 'invalidSyntax')
  if (body.Operations.length > 100) throw new ScimError(400, 'At most 100 operations per PATCH', 'tooMany')
  const ops = body.Operations.flatMap((op: unknown): ScimPatchOperation[] => {
    if (!isObject(op) || typeof op.op !== 'string') throw new ScimError(400, 'Each operation needs an "op"', 'invalidSyntax')
    const name = op.op.toLowerCase()
    // Entra ID removes group members by value ({op: "Remove", path: "members", value: [{value: id}]}): one filtered remove each.
    if (name === 'remove' && op.path === 'members' && Array.isArray(op.value)) {
      return op.value
        .filter((v): v is Json => isObject(v) && typeof v.value === 'string')
        .map((v) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(v.value)}]` }) as ScimPatchOperation)
    }
    return [{ ...op, op: name } as ScimPatchOperation]
  })
  try {
    return scimPatch({ ...resource, meta: { created: new Date(), lastModified: new Date() } } as never, ops, { mutateDocument: false, treatMissingAsAdd: true }) as T
  } catch (err) {
    if (err instanceof PatchError) {
      const type = (err as { scimType?: string }).scimType
      throw new ScimError(400, err.message.slice(0, 300), (type as never) ?? 'invalidValue')
    }
    throw err
  }
}

export const patchUser = (caller: ScimCaller, id: string, body: unknown, base: string) =>
  write(caller, id, (row) => {
    const current = userResource(row, base)
    const patched = applyPatch(current, body)
    return patched
  }, base)

export async function deleteUser(caller: ScimCaller, id: string): Promise<void> {
  const changes: MembershipChange[] = []
  await inWorkspace(caller.workspaceId, null, async (tx) => {
    const row = await load(tx, caller, id)
    const [person] = await tx.select({ email: users.email }).from(users).where(eq(users.id, row.userId))
    changes.push(await dismiss(tx, caller.workspaceId, { userId: row.userId, email: person?.email ?? row.userName }))
    await tx.delete(scimUsers).where(eq(scimUsers.id, row.id))
  })
  await afterMembershipChanges(caller.workspaceId, caller.connectionId, changes)
}

export async function listUsers(caller: ScimCaller, query: URLSearchParams, base: string): Promise<Json> {
  const q: ListQuery = parseListQuery(query, ['userName', 'externalId', 'id', 'active', 'emails.value', 'displayName', 'name.givenName', 'name.familyName'], ['userName', 'externalId', 'id'])
  return inWorkspace(caller.workspaceId, null, async (tx) => {
    const conds = [eq(scimUsers.connectionId, caller.connectionId)]
    // The lookups IdPs send run in SQL; any other filter is tested by scim2-parse-filter on the resources.
    if (q.indexed?.attr === 'userName') conds.push(sql`lower(${scimUsers.userName}) = lower(${q.indexed.value})`)
    if (q.indexed?.attr === 'externalId') conds.push(eq(scimUsers.externalId, q.indexed.value))
    if (q.indexed?.attr === 'id') conds.push(/^[0-9a-f-]{36}$/i.test(q.indexed.value) ? eq(scimUsers.id, q.indexed.value) : sql`false`)
    const ordered = () => tx.select().from(scimUsers).where(and(...conds)).orderBy(scimUsers.createdAt, scimUsers.id)
    if (q.test) return listResponse((await ordered()).map((r) => userResource(r, base)), q)
    const [total] = await tx.select({ n: count() }).from(scimUsers).where(and(...conds))
    const page = await ordered().limit(q.count).offset(q.startIndex - 1)
    return pageResponse(page.map((r) => userResource(r, base)), total?.n ?? 0, q)
  })
}
