export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

export type ScimType = 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive'

/** An error answered in SCIM's JSON error form (RFC 7644 §3.12). */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: ScimType,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail)
    this.name = 'ScimError'
  }

  body() {
    return { schemas: [SCIM_ERROR_SCHEMA], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.message }
  }
}

export const notFound = (what = 'Resource') => new ScimError(404, `${what} not found`)
export const invalidValue = (detail: string) => new ScimError(400, detail, 'invalidValue')

export type Json = Record<string, unknown>
/** A JSON object (not an array, not null): what every SCIM body and resource must be. */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
