import { prometheusText } from '@/realtime/metrics'
import { realtimeHandle } from '@/realtime/handle'

export const dynamic = 'force-dynamic'

/** Prometheus metrics of this process: open documents, connections, pending writes and counters. */
export function GET() {
  const rt = realtimeHandle()
  return new Response(prometheusText(rt ? rt.stats() : null), {
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
  })
}
