import Link from 'next/link'
import { signOutAction } from '@/app/account/actions'

export function UserMenu({
  name,
  email,
  labels,
  accountHref = '/account',
}: {
  name: string | null
  email: string
  labels: { account: string; signOut: string }
  accountHref?: string
}) {
  return (
    <div className="flex flex-col items-stretch gap-1">
      <Link href={accountHref} className="flex min-w-0 items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600">
        <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-800" aria-hidden="true">
          {(name ?? email).slice(0, 1).toUpperCase()}
        </span>
        <span className="min-w-0">
          <span className="block truncate font-medium text-slate-900">{name ?? email}</span>
          <span className="block text-xs text-slate-600">{labels.account}</span>
        </span>
      </Link>
      <form action={signOutAction}>
        <button type="submit" className="w-full rounded-md px-2 py-1.5 text-left text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
          {labels.signOut}
        </button>
      </form>
    </div>
  )
}
