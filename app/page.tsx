import { getTranslations } from 'next-intl/server'

export default async function Home() {
  const t = await getTranslations('app')
  return (
    <main className="p-8">
      <h1 className="text-2xl font-semibold">{t('name')}</h1>
      <p>{t('tagline')}</p>
    </main>
  )
}
