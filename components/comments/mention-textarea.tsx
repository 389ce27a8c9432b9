'use client'

import { useTranslations } from 'next-intl'
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'

export type Mentionable = { userId: string; name: string; email: string }
export type Mention = { userId: string; name: string }

type Props = {
  id?: string
  label: string
  value: string
  onChange: (value: string) => void
  mentions: Mention[]
  onMentionsChange: (m: Mention[]) => void
  /** Everyone who can be mentioned; loaded when first needed. */
  people: Mentionable[] | undefined
  onNeedPeople: () => void
  placeholder?: string
  disabled?: boolean
  describedBy?: string
  invalid?: boolean
  onSubmitShortcut?: () => void
  autoFocus?: boolean
}

/** The "@query" being typed just before the caret, if any. */
function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const m = /(^|[\s(])@([^\s@]{0,30})$/.exec(before)
  if (!m) return null
  return { start: caret - m[2]!.length - 1, query: m[2]! }
}

/** Mentions whose "@Name" is still in the text. */
export function mentionsIn(text: string, mentions: Mention[]): Mention[] {
  const seen = new Set<string>()
  return mentions.filter((m) => {
    if (seen.has(m.userId) || !text.includes(`@${m.name}`)) return false
    seen.add(m.userId)
    return true
  })
}

/**
 * A textarea with an @mention type-ahead (the ARIA combobox pattern): type @
 * and letters, pick a member with the arrow keys and Enter (or Tab), Escape
 * closes the list.
 */
export function MentionTextarea(p: Props) {
  const t = useTranslations('comments')
  const ref = useRef<HTMLTextAreaElement>(null)
  const listId = useId()
  const [active, setActive] = useState<{ start: number; query: string } | null>(null)
  const [highlight, setHighlight] = useState(0)

  const matches = useMemo(() => {
    if (!active || !p.people) return []
    const q = active.query.toLowerCase()
    return p.people
      .filter((m) => !q || m.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)) || m.name.toLowerCase().startsWith(q) || m.email.toLowerCase().startsWith(q))
      .slice(0, 8)
  }, [active, p.people])
  const open = !!active && p.people !== undefined

  // The list opens upward when there is no room under the textarea.
  const [upward, setUpward] = useState(false)

  function update(text: string, caret: number) {
    p.onChange(text)
    const q = mentionQueryAt(text, caret)
    if (q) {
      p.onNeedPeople()
      const r = ref.current?.getBoundingClientRect()
      if (r && !active) setUpward(window.innerHeight - r.bottom < 280 && r.top > 280)
    }
    setActive(q)
    setHighlight(0)
  }

  function choose(person: Mentionable) {
    if (!active) return
    const caret = ref.current?.selectionStart ?? p.value.length
    const insert = `@${person.name} `
    const text = p.value.slice(0, active.start) + insert + p.value.slice(caret)
    p.onChange(text)
    p.onMentionsChange([...p.mentions.filter((m) => m.userId !== person.userId), { userId: person.userId, name: person.name }])
    setActive(null)
    const at = active.start + insert.length
    requestAnimationFrame(() => {
      ref.current?.focus()
      ref.current?.setSelectionRange(at, at)
    })
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (open && matches.length) {
      if (e.key === 'ArrowDown') {
        e.preventDefault()
        setHighlight((h) => (h + 1) % matches.length)
        return
      }
      if (e.key === 'ArrowUp') {
        e.preventDefault()
        setHighlight((h) => (h - 1 + matches.length) % matches.length)
        return
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault()
        choose(matches[highlight] ?? matches[0]!)
        return
      }
    }
    if (open && e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      setActive(null)
      return
    }
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
      e.preventDefault()
      p.onSubmitShortcut?.()
    }
  }

  const optionId = (i: number) => `${listId}-opt-${i}`

  return (
    <div className="relative">
      <label htmlFor={p.id} className="sr-only">
        {p.label}
      </label>
      <textarea
        ref={ref}
        id={p.id}
        value={p.value}
        rows={3}
        disabled={p.disabled}
        placeholder={p.placeholder}
        autoFocus={p.autoFocus}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && matches.length ? optionId(highlight) : undefined}
        aria-describedby={p.describedBy}
        aria-invalid={p.invalid || undefined}
        onChange={(e) => update(e.target.value, e.target.selectionStart)}
        onKeyDown={onKeyDown}
        onClick={(e) => {
          const q = mentionQueryAt(p.value, e.currentTarget.selectionStart)
          setActive(q)
        }}
        onBlur={() => setTimeout(() => setActive(null), 150)}
        className="block w-full resize-y rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30 disabled:bg-slate-50 aria-[invalid=true]:border-red-600"
      />
      {open && (
        <ul
          id={listId}
          role="listbox"
          aria-label={t('mentionsLabel')}
          className={`absolute left-0 z-30 max-h-64 w-72 max-w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg ${upward ? 'bottom-full mb-1' : 'top-full mt-1'}`}
        >
          {matches.length === 0 ? (
            <li role="option" aria-selected="false" aria-disabled="true" className="px-3 py-2 text-slate-500">
              {t('noMatches', { query: active?.query ?? '' })}
            </li>
          ) : (
            matches.map((m, i) => (
              <li
                key={m.userId}
                id={optionId(i)}
                role="option"
                aria-selected={i === highlight}
                onMouseDown={(e) => {
                  e.preventDefault()
                  choose(m)
                }}
                onMouseEnter={() => setHighlight(i)}
                className={`flex cursor-pointer items-center gap-2 px-3 py-2 ${i === highlight ? 'bg-indigo-50 text-indigo-900' : 'text-slate-800'}`}
              >
                <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-800" aria-hidden="true">
                  {m.name.slice(0, 1).toUpperCase()}
                </span>
                <span className="min-w-0">
                  <span className="block truncate font-medium">{m.name}</span>
                  {m.email !== m.name && <span className="block truncate text-xs text-slate-500">{m.email}</span>}
                </span>
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  )
}
