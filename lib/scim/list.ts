import { filter as compileFilter, parse, type Filter } from 'scim2-parse-filter'
import { ScimError } from './errors'

export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
export const MAX_PAGE = 200

export type ListQuery = {
  /** The whole filter as a predicate over resources (scim2-parse-filter), or null for none. */
  test: ((r: unknown) => boolean) | null
  /** The filter when it is one `attr eq "value"` on an attribute the store looks up directly (`indexable`). */
  indexed: { attr: string; value: string } | null
  startIndex: number
  count: number
}

const attrsOf = (f: Filter): string[] => {
  if ('filters' in f) return f.filters.flatMap(attrsOf)
  if (f.op === 'not') return attrsOf(f.filter)
  if (f.op === '[]') return [f.attrPath]
  return [f.attrPath]
}

/**
 * `filter`, `startIndex` (1-based) and `count` (at most 200) of a list
 * request. A filter is parsed by scim2-parse-filter; one that does not parse,
 * or names an attribute outside `attributes`, is a 400 invalidFilter.
 */
export function parseListQuery(query: URLSearchParams, attributes: string[], indexable: string[]): ListQuery {
  const int = (name: string, fallback: number, min: number) => {
    const raw = query.get(name)
    if (raw === null || raw === '') return fallback
    const n = Number(raw)
    if (!Number.isInteger(n)) throw new ScimError(400, `${name} must be an integer`, 'invalidValue')
    return Math.max(min, n)
  }
  const startIndex = int('startIndex', 1, 1)
  const count = Math.min(MAX_PAGE, int('count', 100, 0))
  const raw = query.get('filter')
  if (!raw) return { test: null, indexed: null, startIndex, count }
  if (raw.length > 1000) throw new ScimError(400, 'The filter is too long', 'invalidFilter')
  let ast: Filter
  try {
    ast = parse(raw)
  } catch (err) {
    throw new ScimError(400, `The filter does not parse: ${err instanceof Error ? err.message.slice(0, 200) : 'syntax error'}`, 'invalidFilter')
  }
  const allowed = new Set(attributes.map((a) => a.toLowerCase()))
  const unknown = attrsOf(ast).find((a) => !allowed.has(a.toLowerCase()))
  if (unknown) throw new ScimError(400, `Filtering on ${unknown.slice(0, 100)} is not supported (use ${attributes.join(', ')})`, 'invalidFilter')
  const canonical = (a: string) => attributes.find((x) => x.toLowerCase() === a.toLowerCase()) ?? a
  const indexed =
    ast.op === 'eq' && 'compValue' in ast && typeof ast.compValue === 'string' && indexable.includes(canonical(ast.attrPath)) ? { attr: canonical(ast.attrPath), value: ast.compValue } : null
  // A single `eq` is answered by the store alone (userName compares case-insensitively there, as RFC 7643 says).
  return { test: indexed ? null : compileFilter(ast), indexed, startIndex, count }
}

/** A page of resources the store already filtered and paged (`total` is the count before paging). */
export function pageResponse<T>(page: T[], total: number, q: ListQuery) {
  return { schemas: [LIST_SCHEMA], totalResults: total, startIndex: q.startIndex, itemsPerPage: page.length, Resources: page }
}

/** Filters (scim2-parse-filter) and pages resources in memory: for filters the store cannot answer. */
export function listResponse<T>(resources: T[], q: ListQuery) {
  const matching = q.test ? resources.filter(q.test) : resources
  return pageResponse(matching.slice(q.startIndex - 1, q.startIndex - 1 + q.count), matching.length, q)
}
