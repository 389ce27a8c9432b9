'use client'

import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { useId, useState } from 'react'

/** The password of a protected share link; wrong answers say so, too many are refused for a while. */
export function SharePassword({ token }: { token: string }) {
  const t = useTranslations('sharing.password')
  const router = useRouter()
  const id = useId()
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  return (
    <form
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault()
        const password = String(new FormData(e.currentTarget).get('password') ?? '')
        setPending(true)
        setError(null)
        const res = await fetch(`/api/share/${token}/unlock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }) }).catch(() => null)
        setPending(false)
        if (res?.ok) return router.refresh()
        const body = (await res?.json().catch(() => null)) as { error?: string; fieldErrors?: Record<string, string[]> } | null
        setError(body?.fieldErrors?.password?.[0] ?? body?.error ?? t('failed'))
      }}
    >
      <h1 className="text-lg font-semibold text-slate-900">{t('title')}</h1>
      <p className="text-sm text-slate-700">{t('lead')}</p>
      <div className="space-y-1.5">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {t('label')}
        </label>
        <input
          id={id}
          name="password"
          type="password"
          autoComplete="off"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-indigo-600 ${error ? 'border-red-500' : 'border-slate-300'}`}
        />
        {error && (
          <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending} className="rounded-md bg-indigo-700 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:bg-indigo-400">
        {pending ? t('opening') : t('open')}
      </button>
    </form>
  )
}
