import { metricsAllowed } from '@/realtime/metrics-access'
import { prometheusText } from '@/realtime/metrics'
import { realtimeHandle } from '@/realtime/handle'

export const dynamic = 'force-dynamic'

/** Prometheus metrics of this process: open documents, connections, pending writes and counters (counts only; METRICS_TOKEN guards them). */
export function GET(req: Request) {
  if (!metricsAllowed(req.headers.get('authorization'))) return new Response('unauthorized\n', { status: 401, headers: { 'www-authenticate': 'Bearer' } })
  const rt = realtimeHandle()
  return new Response(prometheusText(rt ? rt.stats() : null), {
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
  })
}
