import { NextResponse } from 'next/server'
import type { MemberContext } from '@/lib/auth/membership'
import { MAX_IMPORT_BYTES } from '@/lib/catalog/columns'
import { route } from '@/lib/http/route'
import { log } from '@/lib/log'
import type { Permission } from '@/lib/rbac/permissions'

type Importer<P> = (ctx: MemberContext, csv: string, opts: { commit: boolean; onProgress: (p: P) => void }) => Promise<object>

const tooLarge = () =>
  NextResponse.json({ error: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files.`, code: 'too_large' }, { status: 413 })

/**
 * The route of a CSV import (touchpoints, insights): POST the file as the body
 * (text/csv, UTF-8, at most MAX_IMPORT_BYTES); `?commit=0` (the default)
 * checks it, `?commit=1` checks and writes it, all or nothing. Answers NDJSON:
 * `{type:"progress", phase, done, total}` events, then `{type:"result", ...}`
 * (or `{type:"failed", error}` when the server failed).
 */
export function csvImportRoute<P extends object>(opts: { permission: Permission; what: string; importer: Importer<P>; failed: string }) {
  return route({ permission: opts.permission }, async ({ req, member }) => {
    const declared = Number(req.headers.get('content-length') ?? 0)
    if (declared > MAX_IMPORT_BYTES) return tooLarge()
    const buf = await req.arrayBuffer()
    if (buf.byteLength > MAX_IMPORT_BYTES) return tooLarge()
    let csv: string
    try {
      csv = new TextDecoder('utf-8', { fatal: true }).decode(buf)
    } catch {
      return NextResponse.json({ error: 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.', code: 'invalid' }, { status: 422 })
    }
    const commit = req.nextUrl.searchParams.get('commit') === '1'
    const enc = new TextEncoder()
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (o: unknown) => controller.enqueue(enc.encode(JSON.stringify(o) + '\n'))
        try {
          const result = await opts.importer(member!, csv, { commit, onProgress: (p) => send({ type: 'progress', ...p }) })
          send({ type: 'result', ...result })
        } catch (err) {
          log.error(`${opts.what} import failed`, { err: err instanceof Error ? (err.stack ?? err.message) : String(err) })
          send({ type: 'failed', error: opts.failed })
        }
        controller.close()
      },
    })
    return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } })
  })
}
