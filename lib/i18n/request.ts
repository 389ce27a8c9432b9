import { getRequestConfig } from 'next-intl/server'

/** English now; the languages of our users follow. Messages live in messages/<locale>.json. */
export const DEFAULT_LOCALE = 'en'

export default getRequestConfig(async () => {
  const locale = DEFAULT_LOCALE
  return { locale, messages: (await import(`../../messages/${locale}.json`)).default }
})
