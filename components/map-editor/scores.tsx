'use client'

import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react'
import { useSignal } from '@/components/live/use-signal'
import { mergeScores, type CardScore } from './logic'

/**
 * The touchpoints' scores for the map cards' badges, from the read model
 * (GET /api/workspaces/{id}/evaluations: only scored touchpoints), kept in a
 * small store. Each badge subscribes to its own touchpoint's score, and a
 * refetch keeps the objects of unchanged scores (mergeScores), so when someone
 * scores a touchpoint only that touchpoint's badges re-render: not the cards,
 * not the other badges.
 */
export class ScoreStore {
  private scores: ReadonlyMap<string, CardScore> = new Map()
  private listeners = new Set<() => void>()

  get = (touchpointId: string): CardScore | undefined => this.scores.get(touchpointId)
  /** Every score (the same object until one changes). */
  all = (): ReadonlyMap<string, CardScore> => this.scores

  set(next: Record<string, CardScore>) {
    const merged = mergeScores(this.scores, next)
    if (merged === this.scores) return
    this.scores = merged
    for (const l of this.listeners) l()
  }

  subscribe = (cb: () => void) => {
    this.listeners.add(cb)
    return () => {
      this.listeners.delete(cb)
    }
  }
}

const ScoresContext = createContext<ScoreStore | null>(null)

/** One touchpoint's score (undefined when nobody scored it, or outside a <ScoresProvider>). */
export function useCardScore(touchpointId: string): CardScore | undefined {
  const store = useContext(ScoresContext)
  return useSyncExternalStore(
    store ? store.subscribe : noSubscribe,
    () => store?.get(touchpointId),
    () => undefined,
  )
}
const noSubscribe = () => () => {}
const NONE: ReadonlyMap<string, CardScore> = new Map()

/** Every touchpoint's score (the emotion lane's mean appeal per cell); re-renders when any changes. */
export function useAllScores(): ReadonlyMap<string, CardScore> {
  const store = useContext(ScoresContext)
  return useSyncExternalStore(store ? store.subscribe : noSubscribe, () => store?.all() ?? NONE, () => NONE)
}

/**
 * Provides the scores to the cards below. Nothing is fetched until the editor
 * has painted the map and is interactive (a frame, then a task); then the
 * scores are fetched once, and again whenever the workspace signals 'scores'
 * (and after a reconnect of the signals socket, which useSignal reports too).
 */
export function ScoresProvider({ workspaceId, children }: { workspaceId: string; children: React.ReactNode }) {
  const [store] = useState(() => new ScoreStore())
  const [started, setStarted] = useState(false)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const raf = requestAnimationFrame(() => {
      timer = setTimeout(() => setStarted(true), 0)
    })
    return () => {
      cancelAnimationFrame(raf)
      if (timer) clearTimeout(timer)
    }
  }, [])
  return (
    <ScoresContext.Provider value={store}>
      {started && <ScoreFetcher workspaceId={workspaceId} store={store} />}
      {children}
    </ScoresContext.Provider>
  )
}

/** Fetches the scores on mount and on every 'scores' signal; a late answer to an older request is dropped. */
function ScoreFetcher({ workspaceId, store }: { workspaceId: string; store: ScoreStore }) {
  const [fetcher] = useState(() => {
    let seq = 0
    let abort: AbortController | null = null
    return {
      run: async () => {
        const mine = ++seq
        abort?.abort()
        abort = new AbortController()
        try {
          const res = await fetch(`/api/workspaces/${encodeURIComponent(workspaceId)}/evaluations`, { signal: abort.signal, headers: { accept: 'application/json' } })
          if (!res.ok) return // no badges rather than an error: the map works without them
          const body = (await res.json()) as { touchpoints?: Record<string, CardScore> }
          if (mine === seq && body.touchpoints) store.set(body.touchpoints)
        } catch {
          // Aborted, or offline: the next signal (or reconnect) fetches again.
        }
      },
      stop: () => {
        seq++
        abort?.abort()
      },
    }
  })
  useEffect(() => {
    void fetcher.run()
    return () => fetcher.stop()
  }, [fetcher])
  useSignal(workspaceId, 'scores', () => void fetcher.run())
  // Review badges follow the audits.
  useSignal(workspaceId, 'audits', () => void fetcher.run())
  return null
}
