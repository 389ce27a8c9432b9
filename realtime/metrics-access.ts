import { timingSafeEqual } from 'node:crypto'
import { config } from '@/lib/config'

/** Whether a metrics request may read the counters: always without METRICS_TOKEN, else only with `Authorization: Bearer <token>`. */
export function metricsAllowed(authorization: string | null | undefined): boolean {
  const token = config().metricsToken
  if (!token) return true
  const given = Buffer.from(/^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '')
  const wanted = Buffer.from(token)
  return given.length === wanted.length && timingSafeEqual(given, wanted)
}
