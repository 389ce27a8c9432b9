import type { Metadata } from 'next'
import { getTranslations } from 'next-intl/server'
import { Icon } from '@/components/shell/icons'
import { Card } from '@/components/ui/card'
import { requireMemberPage } from '@/lib/auth/page-guards'
import { PERMISSIONS, ROLE_KEYS, roleTable } from '@/lib/rbac/permissions'

export const metadata: Metadata = { title: 'Roles' }

/** The role/permission table, read from the database. */
export default async function RolesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  await requireMemberPage(slug, `/w/${slug}/settings/roles`)
  const [t, tr, tp, table] = await Promise.all([getTranslations('settings.roles'), getTranslations('roles'), getTranslations('permissions'), roleTable()])
  return (
    <Card title={t('title')} description={t('lead')} id="roles">
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col" className="py-2 pr-4 text-xs font-medium uppercase tracking-wide text-slate-500">{t('permission')}</th>
              {ROLE_KEYS.map((r) => (
                <th key={r} scope="col" className="px-2 py-2 text-center font-semibold text-slate-900">
                  {tr(r)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {PERMISSIONS.map((p) => (
              <tr key={p}>
                <th scope="row" className="py-2 pr-4 font-normal text-slate-800">{tp(p.replace('.', '_') as 'workspace_read')}</th>
                {ROLE_KEYS.map((r) => {
                  const has = table.get(r)?.permissions.has(p) ?? false
                  return (
                    <td key={r} className="px-2 py-2 text-center">
                      {has ? <Icon name="check" className="mx-auto h-4 w-4 text-emerald-700" /> : <span className="text-slate-300" aria-hidden="true">—</span>}
                      <span className="sr-only">{has ? 'yes' : 'no'}</span>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="mt-6 grid gap-3 sm:grid-cols-2">
        {ROLE_KEYS.map((r) => (
          <div key={r} className="rounded-md bg-slate-50 px-3 py-2">
            <dt className="text-sm font-semibold text-slate-900">{tr(r)}</dt>
            <dd className="text-sm text-slate-600">{tr(`${r}Help`)}</dd>
          </div>
        ))}
      </dl>
    </Card>
  )
}
