import type { ReactNode } from 'react'

/** An honest, teaching empty state: what will be here, and what to do now. */
export function EmptyState({ title, body, icon, action }: { title: string; body: string; icon?: ReactNode; action?: ReactNode }) {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      {icon && <div className="mb-4 text-indigo-600" aria-hidden="true">{icon}</div>}
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
      <p className="mt-2 text-sm leading-6 text-slate-600">{body}</p>
      {action && <div className="mt-6">{action}</div>}
    </div>
  )
}
