'use client'

import { useTranslations } from 'next-intl'
import { useEffect, useRef, useState } from 'react'

export type PresentedMap = {
  name: string
  stages: { id: string; name: string; description: string }[]
  segments: { id: string; name: string }[]
  cards: { key: string; stageId: string; segmentId: string; name: string; channel: string }[]
}

/**
 * Present mode, for a workshop on a projector: full screen, one stage at a
 * time, large type; arrow keys (or Page Up/Down, Home/End) move between
 * stages, Escape leaves. The stage shown is announced to screen readers.
 */
export function PresentView({ map, onExit }: { map: PresentedMap; onExit: () => void }) {
  const t = useTranslations('sharing.present')
  const [index, setIndex] = useState(0)
  const ref = useRef<HTMLDivElement>(null)
  const exit = useRef(onExit)
  useEffect(() => {
    exit.current = onExit
  }, [onExit])
  const count = map.stages.length
  const stage = map.stages[Math.min(index, Math.max(0, count - 1))]

  useEffect(() => {
    const el = ref.current
    el?.focus()
    // Full screen where the browser allows it (it needs the click that opened this); the view works without it.
    el?.requestFullscreen?.().catch(() => {})
    const onFs = () => {
      if (!document.fullscreenElement) exit.current()
    }
    document.addEventListener('fullscreenchange', onFs)
    return () => {
      document.removeEventListener('fullscreenchange', onFs)
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {})
    }
    // Once, on opening (`onExit` is read through a ref).
  }, [])

  const go = (i: number) => setIndex(Math.max(0, Math.min(count - 1, i)))
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="dialog"
      aria-modal="true"
      aria-label={t('label', { name: map.name })}
      data-testid="present-view"
      className="fixed inset-0 z-50 flex flex-col bg-slate-950 p-8 text-white outline-none sm:p-12"
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') go(index + 1)
        else if (e.key === 'ArrowLeft' || e.key === 'PageUp') go(index - 1)
        else if (e.key === 'Home') go(0)
        else if (e.key === 'End') go(count - 1)
        else if (e.key === 'Escape') onExit()
        else return
        e.preventDefault()
      }}
    >
      <div className="flex items-center justify-between text-sm text-slate-300">
        <span>{map.name}</span>
        <span>{count ? t('position', { n: index + 1, count }) : ''}</span>
      </div>
      {!stage ? (
        <p className="m-auto text-2xl">{t('noStages')}</p>
      ) : (
        <div className="mt-6 flex min-h-0 flex-1 flex-col">
          <h2 className="text-4xl font-semibold tracking-tight sm:text-5xl" aria-live="polite" data-testid="present-stage">
            {stage.name}
          </h2>
          {stage.description && <p className="mt-3 max-w-4xl text-xl text-slate-300">{stage.description}</p>}
          <div className="mt-8 grid min-h-0 flex-1 auto-rows-min gap-6 overflow-auto">
            {map.segments.map((seg) => {
              const cards = map.cards.filter((c) => c.stageId === stage.id && c.segmentId === seg.id)
              return (
                <section key={seg.id} aria-label={seg.name}>
                  <h3 className="text-lg font-medium text-indigo-200">{seg.name}</h3>
                  {cards.length === 0 ? (
                    <p className="mt-2 text-lg text-slate-400">{t('empty')}</p>
                  ) : (
                    <ul className="mt-2 flex flex-wrap gap-3">
                      {cards.map((c) => (
                        <li key={c.key} className="rounded-lg bg-white px-4 py-3 text-xl font-medium text-slate-900">
                          {c.name}
                          {c.channel && <span className="ml-2 text-base font-normal text-slate-600">{c.channel}</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              )
            })}
          </div>
        </div>
      )}
      <div className="mt-6 flex items-center justify-between gap-3">
        <button type="button" onClick={() => go(index - 1)} disabled={index === 0} className="rounded-md border border-slate-500 px-4 py-2 text-base hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-white disabled:opacity-40">
          ← {t('previous')}
        </button>
        <span className="text-sm text-slate-400">{t('keys')}</span>
        <div className="flex gap-3">
          <button type="button" onClick={onExit} className="rounded-md border border-slate-500 px-4 py-2 text-base hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-white">
            {t('exit')}
          </button>
          <button type="button" onClick={() => go(index + 1)} disabled={index >= count - 1} className="rounded-md bg-white px-4 py-2 text-base font-medium text-slate-900 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-white disabled:opacity-40">
            {t('next')} →
          </button>
        </div>
      </div>
    </div>
  )
}
