import type { MetadataRoute } from 'next'
import { getTranslations } from 'next-intl/server'

/** The web app manifest: name and icons for a home screen or an app launcher. */
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const t = await getTranslations('app')
  return {
    name: t('name'),
    short_name: t('name'),
    description: t('tagline'),
    start_url: '/',
    display: 'standalone',
    background_color: '#f8fafc',
    theme_color: '#4338ca',
    icons: [
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
    ],
  }
}
