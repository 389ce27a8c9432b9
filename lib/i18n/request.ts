import { getRequestConfig } from 'next-intl/server'
import { FORMATS } from './formats'

/** English now; the languages of our users follow. Messages live in messages/<locale>.json and messages/<locale>/<namespace>.json. */
export const DEFAULT_LOCALE = 'en'

/** Namespaces kept in their own files (one per product area). */
const NAMESPACES = ['maps', 'mapEditor', 'catalog', 'exports', 'insights', 'apiKeys', 'evaluation', 'notifications', 'comments', 'ownership', 'sso', 'analysis', 'audits', 'versions', 'personas', 'sharing', 'metrics', 'webhooks', 'competitors', 'interactions'] as const

export default getRequestConfig(async () => {
  const locale = DEFAULT_LOCALE
  const base = (await import(`../../messages/${locale}.json`)).default as Record<string, unknown>
  const parts = await Promise.all(NAMESPACES.map(async (ns) => [ns, (await import(`../../messages/${locale}/${ns}.json`)).default] as const))
  return { locale, formats: FORMATS, messages: { ...base, ...Object.fromEntries(parts) } }
})
