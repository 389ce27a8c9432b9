import type { getFormatter, getTranslations } from 'next-intl/server'

export type T = Awaited<ReturnType<typeof getTranslations<'sso'>>>
export type Format = Awaited<ReturnType<typeof getFormatter>>
