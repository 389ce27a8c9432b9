'use client'

import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslations } from 'next-intl'
import { useCallback, useId, useState, type FormEvent, type ReactNode } from 'react'
import { useSignal } from '@/components/live/use-signal'
import { RelativeTime } from '@/components/notifications/notification-parts'
import { Button } from '@/components/ui/button'
import type { CommentItem } from '@/lib/comments/comments'
import { MentionTextarea, mentionsIn, type Mention, type Mentionable } from './mention-textarea'

export type CommentThreadProps = {
  workspaceId: string
  subjectType: 'touchpoint' | 'insight'
  subjectId: string
  canComment: boolean
  /** Show the thread's own "Comments" heading with the count (default); false when the page already titles the section. */
  showTitle?: boolean
}

const MAX = 5000

/** Comments on a touchpoint or an insight: the thread, live, and a composer with @mentions. */
export function CommentThread(props: CommentThreadProps) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } }))
  return (
    <QueryClientProvider client={client}>
      <Thread {...props} />
    </QueryClientProvider>
  )
}

class ApiError extends Error {}

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { cache: 'no-store', ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) } })
  const body = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: Record<string, string[]> }
  if (!res.ok) {
    const field = body.fieldErrors && Object.values(body.fieldErrors)[0]?.[0]
    throw new ApiError(field ?? body.error ?? `the server answered ${res.status}`)
  }
  return body as T
}

type Pending = { tempId: string; body: string; mentions: Mention[]; createdAt: string }

function Thread({ workspaceId, subjectType, subjectId, canComment, showTitle = true }: CommentThreadProps) {
  const t = useTranslations('comments')
  const queryClient = useQueryClient()
  const headingId = useId()
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/comments`
  const key = ['comments', workspaceId, subjectType, subjectId]

  const thread = useQuery({
    queryKey: key,
    queryFn: () =>
      api<{ comments: CommentItem[] }>(`${base}?${new URLSearchParams({ subjectType, subjectId })}`).then((r) => r.comments),
  })
  const refetch = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['comments', workspaceId, subjectType, subjectId] })
  }, [queryClient, workspaceId, subjectType, subjectId])
  useSignal(workspaceId, 'comments', refetch, `${subjectType}:${subjectId}`)

  const [wantPeople, setWantPeople] = useState(false)
  const people = useQuery({
    queryKey: ['members', workspaceId],
    enabled: wantPeople,
    staleTime: 60_000,
    queryFn: () =>
      api<{ members: { userId: string; name: string | null; email: string }[] }>(`/api/workspaces/${encodeURIComponent(workspaceId)}/members`).then((r) =>
        r.members.map<Mentionable>((m) => ({ userId: m.userId, name: m.name?.trim() || m.email, email: m.email })),
      ),
  })
  const needPeople = useCallback(() => setWantPeople(true), [])

  const [pending, setPending] = useState<Pending[]>([])
  const comments = thread.data ?? []
  // A live refresh can bring the new comment before the POST answers: show it once.
  const shownPending = pending.filter(
    (p) => !comments.some((c) => c.mine && !c.deleted && c.body === p.body && Date.parse(c.createdAt) >= Date.parse(p.createdAt) - 60_000),
  )
  const total = comments.filter((c) => !c.deleted).length + shownPending.length

  return (
    <section aria-labelledby={showTitle ? headingId : undefined} className="space-y-4">
      {showTitle ? (
        <h2 id={headingId} className="flex items-baseline gap-2 text-base font-semibold text-slate-900">
          {t('title')}
          {thread.data && <span className="text-sm font-normal text-slate-500">{t('count', { count: total })}</span>}
        </h2>
      ) : (
        thread.data && <p className="text-sm text-slate-500">{t('count', { count: total })}</p>
      )}

      {thread.isPending ? (
        <p role="status" className="text-sm text-slate-600">
          {t('loading')}
        </p>
      ) : thread.isError ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-3 text-sm text-red-800">
          <p>{t('loadError')}</p>
          <button type="button" onClick={() => void thread.refetch()} className="mt-1 font-medium underline focus-visible:outline-2 focus-visible:outline-indigo-600">
            {t('retry')}
          </button>
        </div>
      ) : comments.length === 0 && shownPending.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white px-4 py-5 text-sm leading-6 text-slate-600">
          {subjectType === 'touchpoint' ? t('emptyTouchpoint') : t('emptyInsight')}
        </p>
      ) : (
        <ol className="space-y-3" data-testid="comment-list">
          {comments.map((c) => (
            <CommentView key={c.id} comment={c} base={base} canComment={canComment} people={people.data} onNeedPeople={needPeople} onChanged={refetch} />
          ))}
          {shownPending.map((p) => (
            <li key={p.tempId} className="rounded-lg border border-slate-200 bg-white px-4 py-3 opacity-70" aria-busy="true">
              <div className="flex items-center gap-2 text-xs text-slate-500">
                <span className="font-medium text-slate-800">{t('you')}</span>
                <span>{t('sending')}…</span>
              </div>
              <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-800">
                <Highlighted body={p.body} mentions={p.mentions} />
              </p>
            </li>
          ))}
        </ol>
      )}

      {canComment ? (
        <Composer
          base={base}
          subjectType={subjectType}
          subjectId={subjectId}
          people={people.data}
          onNeedPeople={needPeople}
          onPending={(p) => setPending((list) => [...list, p])}
          onSettled={async (tempId) => {
            await queryClient.invalidateQueries({ queryKey: key })
            setPending((list) => list.filter((x) => x.tempId !== tempId))
          }}
        />
      ) : (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">{t('viewerNote')}</p>
      )}
    </section>
  )
}

function Composer({
  base,
  subjectType,
  subjectId,
  people,
  onNeedPeople,
  onPending,
  onSettled,
}: {
  base: string
  subjectType: string
  subjectId: string
  people: Mentionable[] | undefined
  onNeedPeople: () => void
  onPending: (p: Pending) => void
  onSettled: (tempId: string) => Promise<void>
}) {
  const t = useTranslations('comments')
  const id = useId()
  const [body, setBody] = useState('')
  const [mentions, setMentions] = useState<Mention[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const tooLong = body.trim().length > MAX

  async function submit(e?: FormEvent) {
    e?.preventDefault()
    const text = body.trim()
    if (!text || tooLong || busy) return
    const picked = mentionsIn(text, mentions)
    const tempId = `pending-${Date.now()}-${Math.random()}`
    setError(null)
    setBusy(true)
    // Optimistic: the comment shows at once; the text comes back if the server refuses it.
    onPending({ tempId, body: text, mentions: picked, createdAt: new Date().toISOString() })
    setBody('')
    setMentions([])
    try {
      await api(base, { method: 'POST', body: JSON.stringify({ subjectType, subjectId, body: text, mentions: picked.map((m) => m.userId) }) })
    } catch (err) {
      setBody(text)
      setMentions(picked)
      setError(t('postError', { error: err instanceof Error ? err.message : String(err) }))
    } finally {
      await onSettled(tempId)
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} className="space-y-2" noValidate>
      <MentionTextarea
        id={`${id}-body`}
        label={t('composerLabel')}
        value={body}
        onChange={setBody}
        mentions={mentions}
        onMentionsChange={setMentions}
        people={people}
        onNeedPeople={onNeedPeople}
        placeholder={t('composerPlaceholder')}
        describedBy={`${id}-hint${error ? ` ${id}-error` : ''}`}
        invalid={!!error || tooLong}
        onSubmitShortcut={() => void submit()}
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p id={`${id}-hint`} className={`text-xs ${tooLong ? 'text-red-700' : 'text-slate-500'}`}>
          {tooLong ? t('tooLong', { count: body.trim().length.toLocaleString('en'), max: MAX.toLocaleString('en') }) : t('composerHint')}
        </p>
        <Button type="submit" disabled={!body.trim() || tooLong || busy}>
          {busy ? t('posting') : t('post')}
        </Button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  )
}

/** The body with mentioned names set apart. */
function Highlighted({ body, mentions }: { body: string; mentions: Mention[] }) {
  if (!mentions.length) return <>{body}</>
  const names = [...new Set(mentions.map((m) => `@${m.name}`))].sort((a, b) => b.length - a.length)
  const pattern = new RegExp(`(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g')
  const parts: ReactNode[] = body.split(pattern).map((part, i) =>
    names.includes(part) ? (
      <span key={i} className="rounded bg-indigo-50 px-0.5 font-medium text-indigo-800">
        {part}
      </span>
    ) : (
      part
    ),
  )
  return <>{parts}</>
}

function CommentView({
  comment: c,
  base,
  canComment,
  people,
  onNeedPeople,
  onChanged,
}: {
  comment: CommentItem
  base: string
  canComment: boolean
  people: Mentionable[] | undefined
  onNeedPeople: () => void
  onChanged: () => void
}) {
  const t = useTranslations('comments')
  const id = useId()
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(c.body)
  const [draftMentions, setDraftMentions] = useState<Mention[]>(c.mentions)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  if (c.deleted) {
    return (
      <li className="rounded-lg border border-dashed border-slate-200 px-4 py-2 text-sm italic text-slate-500" data-testid="comment">
        {t('deleted')}
      </li>
    )
  }

  async function save(e?: FormEvent) {
    e?.preventDefault()
    const text = draft.trim()
    if (!text || text.length > MAX) return
    setBusy(true)
    setError(null)
    try {
      await api(`${base}/${c.id}`, { method: 'PATCH', body: JSON.stringify({ body: text, mentions: mentionsIn(text, draftMentions).map((m) => m.userId) }) })
      setEditing(false)
      onChanged()
    } catch (err) {
      setError(t('editError', { error: err instanceof Error ? err.message : String(err) }))
    } finally {
      setBusy(false)
    }
  }

  async function remove() {
    if (!window.confirm(t('deleteConfirm'))) return
    setBusy(true)
    setError(null)
    try {
      await api(`${base}/${c.id}`, { method: 'DELETE' })
      onChanged()
    } catch (err) {
      setError(t('deleteError', { error: err instanceof Error ? err.message : String(err) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <li className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid="comment">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <span className="font-medium text-slate-900">{c.mine ? t('you') : (c.authorName ?? t('formerMember'))}</span>
        <RelativeTime iso={c.createdAt} />
        {c.editedAt && <span>({t('edited')})</span>}
        {c.mine && canComment && !editing && (
          <span className="ml-auto flex gap-1">
            <button
              type="button"
              onClick={() => {
                setDraft(c.body)
                setDraftMentions(c.mentions)
                setEditing(true)
              }}
              disabled={busy}
              className="rounded px-1.5 py-0.5 font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              {t('edit')}
            </button>
            <button
              type="button"
              onClick={() => void remove()}
              disabled={busy}
              className="rounded px-1.5 py-0.5 font-medium text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              {t('delete')}
            </button>
          </span>
        )}
      </div>
      {editing ? (
        <form onSubmit={save} className="mt-2 space-y-2" onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}>
          <MentionTextarea
            id={`${id}-edit`}
            label={t('editLabel')}
            value={draft}
            onChange={setDraft}
            mentions={draftMentions}
            onMentionsChange={setDraftMentions}
            people={people}
            onNeedPeople={onNeedPeople}
            invalid={!!error || draft.trim().length > MAX}
            describedBy={error ? `${id}-error` : undefined}
            onSubmitShortcut={() => void save()}
            autoFocus
          />
          <div className="flex gap-2">
            <Button type="submit" disabled={busy || !draft.trim() || draft.trim().length > MAX}>
              {busy ? t('saving') : t('save')}
            </Button>
            <Button variant="ghost" onClick={() => setEditing(false)} disabled={busy}>
              {t('cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <p className="mt-1 whitespace-pre-wrap break-words text-sm leading-6 text-slate-800">
          <Highlighted body={c.body} mentions={c.mentions} />
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </li>
  )
}
