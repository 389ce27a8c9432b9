'use client'

import { useTranslations } from 'next-intl'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { PresentView, type PresentedMap } from './present-view'

/** The member's present mode: a button starts it (full screen needs a click); leaving goes back to the map. */
export function PresentLauncher({ map, back }: { map: PresentedMap; back: string }) {
  const t = useTranslations('sharing.present')
  const router = useRouter()
  const [on, setOn] = useState(false)
  return (
    <div className="mx-auto mt-16 max-w-lg rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm">
      <h1 className="text-xl font-semibold text-slate-900">{map.name}</h1>
      <p className="mt-2 text-sm text-slate-700">{t('lead', { count: map.stages.length })}</p>
      <div className="mt-5 flex justify-center gap-3">
        <button type="button" autoFocus onClick={() => setOn(true)} className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
          {t('start')}
        </button>
        <button type="button" onClick={() => router.push(back)} className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600">
          {t('backToMap')}
        </button>
      </div>
      {on && <PresentView map={map} onExit={() => setOn(false)} />}
    </div>
  )
}
