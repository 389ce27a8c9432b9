import { config } from '@/lib/config'

/** The origins allowed to send state-changing requests: the app's own (APP_URL). */
export function allowedOrigin(): string {
  return new URL(config().appUrl).origin
}

/** True when a state-changing request comes from the app's own origin; a missing or "null" Origin is refused. */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get('origin')
  if (!origin || origin === 'null') return false
  return origin === allowedOrigin()
}
