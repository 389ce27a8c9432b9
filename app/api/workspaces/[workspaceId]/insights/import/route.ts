import { NextResponse } from 'next/server'
import { MAX_IMPORT_BYTES } from '@/lib/catalog/columns'
import { route } from '@/lib/http/route'
import { importInsights, type ImportProgress } from '@/lib/insights/import'
import { log } from '@/lib/log'

const tooLarge = () =>
  NextResponse.json({ error: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files.`, code: 'too_large' }, { status: 413 })

/**
 * POST a CSV file of insights (the body, text/csv): checks it (?commit=0, the
 * default) or checks and writes it, all or nothing (?commit=1). Answers NDJSON:
 * {type:"progress", phase, done, total} events, then {type:"result", ...}.
 */
export const POST = route({ permission: 'insights.create' }, async ({ req, member }) => {
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
        const result = await importInsights(member!, csv, { commit, onProgress: (p: ImportProgress) => send({ type: 'progress', ...p }) })
        send({ type: 'result', ...result })
      } catch (err) {
        log.error('insight import failed', { err: err instanceof Error ? (err.stack ?? err.message) : String(err) })
        send({ type: 'failed', error: 'The import stopped because of an error on our side. Nothing was added; try again.' })
      }
      controller.close()
    },
  })
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } })
})
