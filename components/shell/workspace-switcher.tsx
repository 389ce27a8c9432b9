import Link from 'next/link'
import { Icon } from './icons'

/** A disclosure listing the person's workspaces; works without JavaScript and by keyboard. */
export function WorkspaceSwitcher({
  current,
  workspaces,
  labels,
}: {
  current: { name: string; slug: string }
  workspaces: { name: string; slug: string; role: string }[]
  labels: { switch: string; create: string }
}) {
  return (
    <details className="group relative">
      <summary
        aria-label={`${labels.switch}: ${current.name}`}
        className="flex cursor-pointer list-none items-center justify-between gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 [&::-webkit-details-marker]:hidden"
      >
        <span className="min-w-0 break-words">{current.name}</span>
        <Icon name="chevron" className="h-4 w-4 shrink-0 text-slate-500 transition-transform group-open:rotate-180" />
      </summary>
      <div className="absolute left-0 right-0 z-20 mt-1 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
        <p className="px-2 py-1 text-xs font-medium uppercase tracking-wide text-slate-500">{labels.switch}</p>
        <ul>
          {workspaces.map((w) => (
            <li key={w.slug}>
              <Link
                href={`/w/${w.slug}`}
                aria-current={w.slug === current.slug ? 'true' : undefined}
                className="flex items-center justify-between gap-2 rounded px-2 py-1.5 text-sm text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                <span className="min-w-0 break-words">{w.name}</span>
                {w.slug === current.slug && <Icon name="check" className="h-4 w-4 text-indigo-700" />}
              </Link>
            </li>
          ))}
        </ul>
        <Link href="/workspaces/new" className="mt-1 flex items-center gap-2 border-t border-slate-100 px-2 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50">
          <Icon name="plus" className="h-4 w-4" /> {labels.create}
        </Link>
      </div>
    </details>
  )
}
