'use client'

import { useTranslations } from 'next-intl'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { Touchpoint } from '@/lib/maps/doc-schema'
import { touchpointNameSchema } from '@/lib/maps/model'
import { KindIcon } from './icons'
import { hasExactName, matchTouchpoints } from './logic'

type Option = { type: 'pick'; touchpoint: Touchpoint } | { type: 'create'; name: string }

/**
 * Adding a card to a cell: a combobox (ARIA 1.2 pattern, list autocomplete).
 * Typing filters the catalog; arrows move through the options, Enter takes
 * the active one (an existing touchpoint, or "Create …"), Escape closes.
 */
export function AddTouchpoint({
  stageName,
  segmentName,
  touchpoints,
  onPick,
  onCreate,
  onClose,
}: {
  stageName: string
  segmentName: string
  touchpoints: Touchpoint[]
  onPick: (touchpointId: string) => void
  onCreate: (name: string) => void
  onClose: (refocus: boolean) => void
}) {
  const t = useTranslations('mapEditor.add')
  const tk = useTranslations('mapEditor.kinds')
  const id = useId()
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const boxRef = useRef<HTMLDivElement>(null)

  const options: Option[] = useMemo(() => {
    const picks = matchTouchpoints(touchpoints, query).map((tp) => ({ type: 'pick' as const, touchpoint: tp }))
    const name = query.trim()
    return name && !hasExactName(touchpoints, name) ? [...picks, { type: 'create' as const, name }] : picks
  }, [touchpoints, query])
  const activeIndex = Math.min(active, options.length - 1)

  const closeRef = useRef(onClose)
  useEffect(() => {
    closeRef.current = onClose
  })
  useEffect(() => {
    inputRef.current?.focus()
    const onDown = (e: PointerEvent) => {
      if (boxRef.current && !boxRef.current.contains(e.target as Node)) closeRef.current(false)
    }
    document.addEventListener('pointerdown', onDown)
    return () => document.removeEventListener('pointerdown', onDown)
  }, [])

  const choose = (o: Option | undefined) => {
    if (!o) {
      const r = touchpointNameSchema.safeParse(query)
      setError(r.success ? null : (r.error.issues[0]?.message ?? t('nameError')))
      return
    }
    if (o.type === 'pick') onPick(o.touchpoint.id)
    else {
      const r = touchpointNameSchema.safeParse(o.name)
      if (!r.success) return setError(r.error.issues[0]?.message ?? t('nameError'))
      onCreate(r.data)
    }
  }

  const optionId = (i: number) => `${id}-opt-${i}`
  return (
    <div ref={boxRef} className="absolute inset-x-1 z-40 mt-1 rounded-lg border border-slate-300 bg-white p-2 shadow-xl" role="group" aria-label={t('title', { stage: stageName, segment: segmentName })}>
      <label htmlFor={`${id}-input`} className="block text-xs font-semibold text-slate-800">
        {t('label')}
      </label>
      <input
        ref={inputRef}
        id={`${id}-input`}
        role="combobox"
        aria-expanded={options.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={options.length > 0 && activeIndex >= 0 ? optionId(activeIndex) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-help`}
        autoComplete="off"
        maxLength={200}
        value={query}
        placeholder={t('placeholder')}
        onChange={(e) => {
          setQuery(e.target.value)
          setActive(0)
          setError(null)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setActive(options.length ? (activeIndex + 1) % options.length : 0)
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive(options.length ? (activeIndex - 1 + options.length) % options.length : 0)
          } else if (e.key === 'Home' && options.length) {
            setActive(0)
          } else if (e.key === 'End' && options.length) {
            setActive(options.length - 1)
          } else if (e.key === 'Enter') {
            e.preventDefault()
            choose(options[activeIndex])
          } else if (e.key === 'Escape') {
            e.preventDefault()
            e.stopPropagation()
            onClose(true)
          }
        }}
        className={`mt-1 block w-full rounded-md border px-2 py-1.5 text-sm text-slate-900 placeholder:text-slate-500 focus:outline-2 focus:outline-indigo-600 ${error ? 'border-red-500' : 'border-slate-300'}`}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : (
        <p id={`${id}-help`} className="sr-only">
          {t('help')}
        </p>
      )}
      <ul id={`${id}-list`} role="listbox" aria-label={t('suggestions')} className="mt-1 max-h-56 overflow-auto">
        {options.map((o, i) => (
          <li
            key={o.type === 'pick' ? o.touchpoint.id : 'create'}
            id={optionId(i)}
            role="option"
            aria-selected={i === activeIndex}
            onPointerDown={(e) => e.preventDefault()}
            onClick={() => choose(o)}
            onPointerEnter={() => setActive(i)}
            className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm ${i === activeIndex ? 'bg-indigo-700 text-white' : 'text-slate-900'}`}
          >
            {o.type === 'pick' ? (
              <>
                <KindIcon kind={o.touchpoint.kind} />
                <span className="min-w-0 flex-1 truncate">{o.touchpoint.name}</span>
                <span className={`text-[11px] ${i === activeIndex ? 'text-indigo-100' : 'text-slate-500'}`}>{tk(o.touchpoint.kind)}</span>
              </>
            ) : (
              <>
                <span aria-hidden="true" className="w-4 text-center font-bold">
                  +
                </span>
                <span className="min-w-0 flex-1 truncate">{t('create', { name: o.name })}</span>
                <span className={`text-[11px] ${i === activeIndex ? 'text-indigo-100' : 'text-slate-500'}`}>{t('createHint')}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="mt-1 flex justify-end">
        <button type="button" onClick={() => onClose(true)} className="rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600">
          {t('close')}
        </button>
      </div>
    </div>
  )
}
