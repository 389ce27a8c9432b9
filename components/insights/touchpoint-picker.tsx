'use client'

import { useTranslations } from 'next-intl'
import { useEffect, useId, useRef, useState } from 'react'

export type PickedTouchpoint = { id: string; name: string }

/**
 * Type-ahead over the workspace's touchpoints (the catalog read model, through
 * the Touchpoints route): an ARIA combobox; arrow keys move, Enter picks,
 * Escape closes. With `name`, the picked ids travel as repeated hidden fields.
 */
export function TouchpointPicker({
  workspaceId,
  value,
  onChange,
  name,
  label,
  hint,
  errors,
  single = false,
}: {
  workspaceId: string
  value: PickedTouchpoint[]
  onChange: (v: PickedTouchpoint[]) => void
  name?: string
  label: string
  hint?: string
  errors?: string[]
  single?: boolean
}) {
  const t = useTranslations('insights.picker')
  const id = useId()
  const [q, setQ] = useState('')
  const [open, setOpen] = useState(false)
  const [options, setOptions] = useState<PickedTouchpoint[]>([])
  const [active, setActive] = useState(0)
  const [loading, setLoading] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (!open) return
    const ctrl = new AbortController()
    const h = setTimeout(async () => {
      setLoading(true)
      try {
        const p = new URLSearchParams({ limit: '8', status: 'active' })
        if (q.trim()) p.set('q', q.trim())
        const res = await fetch(`/api/workspaces/${workspaceId}/touchpoints?${p}`, { signal: ctrl.signal, headers: { accept: 'application/json' } })
        if (res.ok) {
          const data = (await res.json()) as { rows: { id: string; name: string }[] }
          setOptions(data.rows.map((r) => ({ id: r.id, name: r.name })))
          setActive(0)
        }
      } catch {
        /* aborted */
      } finally {
        setLoading(false)
      }
    }, 150)
    return () => {
      clearTimeout(h)
      ctrl.abort()
    }
  }, [q, open, workspaceId])

  const chosen = new Set(value.map((v) => v.id))
  const shown = options.filter((o) => !chosen.has(o.id))
  const pick = (o: PickedTouchpoint) => {
    onChange(single ? [o] : [...value, o])
    setQ('')
    setOpen(!single)
    inputRef.current?.focus()
  }
  const listId = `${id}-list`
  return (
    <div className="space-y-1.5">
      <label htmlFor={`${id}-input`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {value.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label={t('chosen')}>
          {value.map((v) => (
            <li key={v.id} className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pl-2.5 pr-1 text-sm text-indigo-900">
              {v.name}
              <button
                type="button"
                onClick={() => onChange(value.filter((x) => x.id !== v.id))}
                className="rounded-full px-1.5 text-indigo-700 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
                aria-label={t('remove', { name: v.name })}
              >
                ×
              </button>
              {name && <input type="hidden" name={name} value={v.id} />}
            </li>
          ))}
        </ul>
      )}
      <div className="relative">
        <input
          ref={inputRef}
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-expanded={open && shown.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && shown[active] ? `${id}-opt-${shown[active]!.id}` : undefined}
          aria-invalid={errors ? true : undefined}
          aria-describedby={errors ? `${id}-error` : hint ? `${id}-hint` : undefined}
          value={q}
          placeholder={t('placeholder')}
          autoComplete="off"
          onChange={(e) => {
            setQ(e.currentTarget.value)
            setOpen(true)
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault()
              setOpen(true)
              setActive((a) => Math.min(a + 1, shown.length - 1))
            } else if (e.key === 'ArrowUp') {
              e.preventDefault()
              setActive((a) => Math.max(a - 1, 0))
            } else if (e.key === 'Enter' && open && shown[active]) {
              e.preventDefault()
              pick(shown[active]!)
            } else if (e.key === 'Escape') setOpen(false)
          }}
          className={`block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-indigo-600 ${errors ? 'border-red-500' : 'border-slate-300'}`}
        />
        {open && (
          <ul id={listId} role="listbox" aria-label={label} className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg">
            {shown.map((o, i) => (
              <li
                key={o.id}
                id={`${id}-opt-${o.id}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault()
                  pick(o)
                }}
                className={`cursor-pointer px-3 py-1.5 text-sm ${i === active ? 'bg-indigo-50 text-indigo-900' : 'text-slate-800'}`}
              >
                {o.name}
              </li>
            ))}
            {shown.length === 0 && <li className="px-3 py-1.5 text-sm text-slate-500">{loading ? t('searching') : t('noMatch')}</li>}
          </ul>
        )}
      </div>
      {hint && !errors && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.join(' ')}
        </p>
      )}
    </div>
  )
}
