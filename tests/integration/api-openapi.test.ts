/**
 * The OpenAPI document at /api/v1/openapi.json: well-formed 3.1, every
 * app/api/v1 route file and method described, every reference resolving, the
 * errors and headers a client must handle present, and its request schema
 * agreeing with what the handler accepts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { config } from '@/lib/config'
import { insightInputSchema } from '@/lib/insights/model'
import * as route from '@/app/api/v1/openapi.json/route'

const ROOT = path.resolve(__dirname, '../..')
const V1 = path.join(ROOT, 'app/api/v1')
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

type Doc = {
  openapi: string
  info: { title: string; version: string }
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; parameters?: { name: string; in: string }[]; security?: unknown[] }>>
  components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> }
  security: Record<string, unknown>[]
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e)
    return statSync(p).isDirectory() ? routeFiles(p) : e === 'route.ts' ? [p] : []
  })
}

async function fetchDoc(): Promise<Doc> {
  const res = await route.GET()
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('application/json')
  return (await res.json()) as Doc
}

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out))
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v)
      else refs(v, out)
    }
  }
  return out
}

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document with a bearer scheme and the server it is served from', async () => {
    const doc = await fetchDoc()
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) })
    expect((doc as unknown as { servers: { url: string }[] }).servers[0]!.url).toBe(config().appUrl)
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.security).toEqual([{ apiKey: [] }])
  })

  it('describes every method of every app/api/v1 route file', async () => {
    const doc = await fetchDoc()
    const expected: string[] = []
    for (const file of routeFiles(V1)) {
      const src = readFileSync(file, 'utf8')
      const apiPath = '/' + path.relative(path.join(ROOT, 'app'), path.dirname(file)).split(path.sep).join('/').replace(/\[(\w+)\]/g, '{$1}')
      for (const m of METHODS) if (new RegExp(`export (const|async function|function) ${m}\\b`).test(src)) expected.push(`${m.toLowerCase()} ${apiPath}`)
    }
    expect(expected.length).toBeGreaterThanOrEqual(5)
    const described = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
    expect(described.sort()).toEqual(expected.sort())
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId))
    expect(new Set(ids).size).toBe(ids.length)
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const name of p.match(/\{(\w+)\}/g) ?? []) {
        for (const op of Object.values(ops)) expect(op.parameters?.some((x) => x.in === 'path' && `{${x.name}}` === name)).toBe(true)
      }
    }
  })

  it('resolves every $ref and documents the errors and headers clients must handle', async () => {
    const doc = await fetchDoc()
    for (const r of refs(doc)) {
      expect(r).toMatch(/^#\/components\//)
      const target = r
        .slice(2)
        .split('/')
        .reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], doc)
      expect({ ref: r, found: target !== undefined }).toEqual({ ref: r, found: true })
    }
    const post = doc.paths['/api/v1/insights']!.post!
    for (const code of ['201', '401', '404', '413', '422', '429']) expect(Object.keys(post.responses)).toContain(code)
    expect(post.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }))
    const get = doc.paths['/api/v1/insights']!.get!
    for (const code of ['200', '401', '404', '422', '429']) expect(Object.keys(get.responses)).toContain(code)
    expect(get.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'type', 'source', 'q', 'cursor', 'limit']))
    expect(doc.paths['/api/v1/openapi.json']!.get!.security).toEqual([])
    const limited = (doc.components as unknown as { responses: Record<string, { headers?: Record<string, unknown> }> }).responses.RateLimited!
    expect(limited.headers).toHaveProperty('Retry-After')
  })

  it("takes the insight's request schema from the zod schema the handler parses", async () => {
    const doc = await fetchDoc()
    const schema = doc.components.schemas.InsightInput!
    expect(Object.keys(schema.properties!).sort()).toEqual(Object.keys(insightInputSchema.shape).sort())
    expect(schema.required!.sort()).toEqual(['source', 'title', 'type'])
    expect(schema.properties!.type).toMatchObject({ enum: expect.arrayContaining(['complaint', 'praise']) })
    expect(doc.components.schemas.InsightBatch).toMatchObject({ properties: { insights: { maxItems: 500 } } })
  })
})
