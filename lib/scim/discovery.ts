import { MAX_PAGE } from './list'
import { GROUP_SCHEMA } from './groups'
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from './users'

/** What Touchmap's SCIM service supports (RFC 7644 §4): PATCH and filters yes; bulk, sort, ETags and password changes no. */
export function serviceProviderConfig(base: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: 'https://github.com/touchmap/touchmap#scim',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer token', description: 'A token made in Touchmap: Settings → Single sign-on → SCIM', primary: true }],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  }
}

const attribute = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
})

export const SCHEMAS = [
  {
    id: USER_SCHEMA,
    name: 'User',
    description: 'A person in the workspace',
    attributes: [
      attribute('userName', 'string', { required: true, uniqueness: 'server' }),
      attribute('externalId', 'string', { caseExact: true }),
      attribute('name', 'complex', { subAttributes: [attribute('givenName', 'string'), attribute('familyName', 'string'), attribute('formatted', 'string')] }),
      attribute('displayName', 'string'),
      attribute('title', 'string'),
      attribute('active', 'boolean'),
      attribute('emails', 'complex', { multiValued: true, subAttributes: [attribute('value', 'string'), attribute('type', 'string'), attribute('primary', 'boolean')] }),
    ],
  },
  {
    id: ENTERPRISE_USER_SCHEMA,
    name: 'EnterpriseUser',
    description: 'Enterprise extension (department is kept)',
    attributes: [attribute('department', 'string')],
  },
  {
    id: GROUP_SCHEMA,
    name: 'Group',
    description: 'A group: its members join the department of the same name, and an admin may map it to a role',
    attributes: [
      attribute('displayName', 'string', { required: true, uniqueness: 'server' }),
      attribute('externalId', 'string', { caseExact: true }),
      attribute('members', 'complex', { multiValued: true, subAttributes: [attribute('value', 'string', { mutability: 'immutable' }), attribute('display', 'string', { mutability: 'readOnly' })] }),
    ],
  },
]

export function schemas(base: string) {
  return SCHEMAS.map((s) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'], ...s, meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` } }))
}

export function resourceTypes(base: string) {
  return [
    { id: 'User', name: 'User', endpoint: '/Users', schema: USER_SCHEMA, schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }] },
    { id: 'Group', name: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA },
  ].map((r) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], ...r, meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${r.id}` } }))
}
