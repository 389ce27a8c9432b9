import type { ReactNode } from 'react'
import { Logo } from '@/components/shell/logo'

/** The centred card of the sign-in, invitation and onboarding pages. */
export function AuthCard({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center bg-gradient-to-b from-indigo-50 to-slate-50 px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold text-slate-900">
          <Logo /> Touchmap
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
          {lead && <p className="mt-2 text-sm leading-6 text-slate-600">{lead}</p>}
          <div className="mt-6">{children}</div>
        </div>
      </div>
    </main>
  )
}
