import type { Metadata } from 'next'
import Link from 'next/link'
import { getFormatter, getTranslations } from 'next-intl/server'
import { notFound } from 'next/navigation'
import { ChangeList } from '@/components/audits/change-list'
import { PageHeader } from '@/components/ui/page-header'
import { compareAudits } from '@/lib/audits/queries'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { uuidSchema } from '@/lib/schemas/common'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('audits'))('compare.title') }
}

/** Two closed audits side by side: each one's size and date, and what changed from the earlier to the later. */
export default async function ComparePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ a?: string; b?: string }> }) {
  const { slug } = await params
  const { a, b } = await searchParams
  const { member } = await requireMemberPage(slug, `/w/${slug}/audits/compare`)
  const t = await getTranslations('audits')
  const format = await getFormatter()
  const back = (
    <Link href={`/w/${member.workspaceSlug}/audits`} className="mb-4 inline-block text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
      ← {t('campaign.back')}
    </Link>
  )
  if (!uuidSchema('audit').safeParse(a).success || !uuidSchema('audit').safeParse(b).success) {
    return (
      <>
        {back}
        <PageHeader title={t('compare.title')} description={t('compare.choose')} />
      </>
    )
  }
  const cmp = await compareAudits(member, a!, b!).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound()
    if (err instanceof ValidationError) return Object.values(err.fieldErrors).flat()[0] ?? err.message
    throw err
  })
  if (typeof cmp === 'string') {
    return (
      <>
        {back}
        <PageHeader title={t('compare.title')} />
        <p role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm font-medium text-amber-900">
          {cmp}
        </p>
      </>
    )
  }
  const side = (label: string, name: string | null, at: string, state: typeof cmp.beforeState) => (
    <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</p>
      <p className="mt-1 font-semibold text-slate-900">{name}</p>
      <p className="text-sm text-slate-600">{format.dateTime(new Date(at), 'date')}</p>
      <p className="mt-2 text-sm text-slate-700">{t('compare.touchpoints', { count: state.touchpoints.filter((x) => x.status === 'active').length })}</p>
    </div>
  )
  return (
    <>
      {back}
      <PageHeader title={t('compare.title')} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {side(t('compare.before'), cmp.before!.name, cmp.before!.at, cmp.beforeState)}
        {side(t('compare.after'), cmp.after.name, cmp.after.at, cmp.afterState)}
      </div>
      <section aria-labelledby="between" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 id="between" className="mb-3 text-base font-semibold text-slate-900">
          {t('changes.titleBetween')}
        </h2>
        <ChangeList changes={cmp.changes} slug={member.workspaceSlug} />
      </section>
    </>
  )
}
