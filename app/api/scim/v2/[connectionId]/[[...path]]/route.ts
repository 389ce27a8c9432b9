import type { NextRequest } from 'next/server'
import { config } from '@/lib/config'
import { PayloadTooLargeError, readBodyText } from '@/lib/http/route'
import { log } from '@/lib/log'
import { resourceTypes, schemas, serviceProviderConfig } from '@/lib/scim/discovery'
import { ScimError } from '@/lib/scim/errors'
import { createGroup, deleteGroup, getGroup, listGroups, patchGroup, replaceGroup } from '@/lib/scim/groups'
import { LIST_SCHEMA } from '@/lib/scim/list'
import { authenticateScim } from '@/lib/scim/tokens'
import { createUser, deleteUser, getUser, listUsers, patchUser, replaceUser } from '@/lib/scim/users'

export const dynamic = 'force-dynamic'

type Params = { params: Promise<{ connectionId: string; path?: string[] }> }
const MAX_BODY = 1024 * 1024
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const scimJson = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/scim+json', 'cache-control': 'no-store', ...headers } })

async function bodyOf(req: NextRequest): Promise<unknown> {
  const text = await readBodyText(req, MAX_BODY)
  try {
    return JSON.parse(text)
  } catch {
    throw new ScimError(400, 'The body is not valid JSON', 'invalidSyntax')
  }
}

const list = (resources: unknown[]) => ({ schemas: [LIST_SCHEMA], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources })

/**
 * SCIM 2.0 (RFC 7643/7644) for one SSO connection: /Users, /Groups,
 * /ServiceProviderConfig, /ResourceTypes, /Schemas. The bearer token decides
 * everything (lib/scim/tokens.ts); no cookie is read, so no Origin check.
 */
function errorResponse(err: ScimError): Response {
  return scimJson(err.status === 401 ? { schemas: [err.body().schemas[0]], status: '401', detail: 'Unauthorized' } : err.body(), err.status, {
    ...(err.retryAfterSeconds ? { 'retry-after': String(err.retryAfterSeconds) } : {}),
    ...(err.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
  })
}

async function handle(method: string, req: NextRequest, { params }: Params): Promise<Response> {
  try {
    const { connectionId, path = [] } = await params
    if (!UUID.test(connectionId)) throw new ScimError(404, 'Not found')
    const caller = await authenticateScim(req.headers.get('authorization'), connectionId)
    const base = `${config().appUrl}/api/scim/v2/${connectionId}`
    const [resource, id, ...rest] = path
    if (rest.length) throw new ScimError(404, 'Not found')
    const q = req.nextUrl.searchParams
    const key = `${method} ${resource ?? ''}${id ? '/:id' : ''}`
    switch (key) {
      case 'GET ServiceProviderConfig':
        return scimJson(serviceProviderConfig(base))
      case 'GET ResourceTypes':
        return scimJson(list(resourceTypes(base)))
      case 'GET ResourceTypes/:id': {
        const found = resourceTypes(base).find((r) => r.id === id)
        if (!found) throw new ScimError(404, 'Resource type not found')
        return scimJson(found)
      }
      case 'GET Schemas':
        return scimJson(list(schemas(base)))
      case 'GET Schemas/:id': {
        const found = schemas(base).find((s) => s.id === id)
        if (!found) throw new ScimError(404, 'Schema not found')
        return scimJson(found)
      }
      case 'GET Users':
        return scimJson(await listUsers(caller, q, base))
      case 'POST Users': {
        const user = await createUser(caller, await bodyOf(req), base)
        return scimJson(user, 201, { location: String((user.meta as { location: string }).location) })
      }
      case 'GET Users/:id':
        return scimJson(await getUser(caller, id!, base))
      case 'PUT Users/:id':
        return scimJson(await replaceUser(caller, id!, await bodyOf(req), base))
      case 'PATCH Users/:id':
        return scimJson(await patchUser(caller, id!, await bodyOf(req), base))
      case 'DELETE Users/:id':
        await deleteUser(caller, id!)
        return new Response(null, { status: 204 })
      case 'GET Groups':
        return scimJson(await listGroups(caller, q, base))
      case 'POST Groups': {
        const group = await createGroup(caller, await bodyOf(req), base)
        return scimJson(group, 201, { location: String((group.meta as { location: string }).location) })
      }
      case 'GET Groups/:id':
        return scimJson(await getGroup(caller, id!, base))
      case 'PUT Groups/:id':
        return scimJson(await replaceGroup(caller, id!, await bodyOf(req), base))
      case 'PATCH Groups/:id':
        return scimJson(await patchGroup(caller, id!, await bodyOf(req), base))
      case 'DELETE Groups/:id':
        await deleteGroup(caller, id!)
        return new Response(null, { status: 204 })
      default:
        throw new ScimError(resource && ['Users', 'Groups', 'ServiceProviderConfig', 'ResourceTypes', 'Schemas'].includes(resource) ? 405 : 404, `${method} /${path.join('/')} is not supported`)
    }
  } catch (err) {
    if (err instanceof ScimError) return errorResponse(err)
    if (err instanceof PayloadTooLargeError) return scimJson(new ScimError(413, err.message).body(), 413)
    log.error('scim request failed', { err: String(err), stack: err instanceof Error ? err.stack : undefined })
    return scimJson(new ScimError(500, 'The request could not be completed').body(), 500)
  }
}

export const GET = (req: NextRequest, ctx: Params) => handle('GET', req, ctx)
export const POST = (req: NextRequest, ctx: Params) => handle('POST', req, ctx)
export const PUT = (req: NextRequest, ctx: Params) => handle('PUT', req, ctx)
export const PATCH = (req: NextRequest, ctx: Params) => handle('PATCH', req, ctx)
export const DELETE = (req: NextRequest, ctx: Params) => handle('DELETE', req, ctx)
