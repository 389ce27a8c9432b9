'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { Icon, type IconName } from './icons'

/** `exact`: current only on its own path, not below it (the workspace overview). */
export type NavItem = { href: string; label: string; icon?: IconName; exact?: boolean }

/**
 * The product's sections; the current one is marked for screen readers too.
 * `list`: one column (the sidebar, the phone menu); `tabs`: wrapping rows on
 * narrow screens, one column from `lg` (settings), so every item is in view;
 * `row`: one wrapping row at every width (a page's views).
 */
export function NavLinks({ items, label, layout = 'list' }: { items: NavItem[]; label: string; layout?: 'list' | 'tabs' | 'row' }) {
  const pathname = usePathname()
  return (
    <nav aria-label={label}>
      <ul className={layout === 'tabs' ? 'flex flex-wrap gap-1 lg:flex-col' : layout === 'row' ? 'flex flex-wrap gap-1' : 'flex flex-col gap-1'}>
        {items.map((item) => {
          const active = pathname === item.href || (!item.exact && pathname.startsWith(`${item.href}/`))
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={`flex items-center gap-3 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 ${
                  active ? 'bg-indigo-50 text-indigo-800' : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900'
                }`}
              >
                {item.icon && <Icon name={item.icon} className={`h-5 w-5 ${active ? 'text-indigo-700' : 'text-slate-500'}`} />}
                {item.label}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
