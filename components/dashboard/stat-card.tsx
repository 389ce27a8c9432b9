import Link from 'next/link'

/** One number on the overview, with what to do about it. */
export function StatCard({ label, value, hint, href, tone = 'default', testId }: { label: string; value: number; hint: string; href?: string; tone?: 'default' | 'warning' | 'good'; testId?: string }) {
  const colour = tone === 'warning' ? 'border-amber-300 bg-amber-50' : tone === 'good' ? 'border-emerald-200 bg-white' : 'border-slate-200 bg-white'
  const body = (
    <>
      <span className="block text-sm font-medium text-slate-600">{label}</span>
      <span className="mt-1 block text-3xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {value}
      </span>
      <span className={`mt-1 block text-sm ${href ? 'font-medium text-indigo-700' : 'text-slate-600'}`}>{hint}</span>
    </>
  )
  return href ? (
    <Link href={href} className={`block rounded-lg border p-4 shadow-sm hover:border-indigo-300 focus-visible:outline-2 focus-visible:outline-indigo-600 ${colour}`}>
      {body}
    </Link>
  ) : (
    <div className={`rounded-lg border p-4 shadow-sm ${colour}`}>{body}</div>
  )
}
