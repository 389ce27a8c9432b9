import Link from 'next/link'
import { signOutAction } from '@/app/account/actions'
import { Icon } from './icons'

export function UserMenu({ name, email, labels }: { name: string | null; email: string; labels: { account: string; signOut: string } }) {
  return (
    <div className="flex items-center gap-2 lg:flex-col lg:items-stretch">
      <Link href="/account" className="flex min-w-0 items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600">
        <span className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-800" aria-hidden="true">
          {(name ?? email).slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden min-w-0 sm:block">
          <span className="block truncate font-medium text-slate-900">{name ?? email}</span>
          <span className="sr-only">{labels.account}</span>
        </span>
        <Icon name="user" className="h-4 w-4 sm:hidden" />
      </Link>
      <form action={signOutAction}>
        <button type="submit" className="w-full rounded-md px-2 py-1.5 text-left text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
          {labels.signOut}
        </button>
      </form>
    </div>
  )
}
