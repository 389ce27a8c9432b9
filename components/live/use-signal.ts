'use client'

import { useEffect, useRef } from 'react'
import type * as Y from 'yjs'
import { openLiveDoc } from './open-live-doc'

/**
 * Calls `onChange` whenever the server signals `topic` (or `topic:key`) in the
 * workspace (lib/live/signals.ts), and once after every reconnect, since
 * signals sent while offline are not replayed one by one. One socket per
 * workspace is shared by every subscriber on the page.
 */
export function useSignal(workspaceId: string, topic: string, onChange: () => void, key?: string): void {
  const callback = useRef(onChange)
  useEffect(() => {
    callback.current = onChange
  })
  useEffect(() => {
    const k = key ? `${topic}:${key}` : topic
    return subscribe(workspaceId, k, () => callback.current())
  }, [workspaceId, topic, key])
}

type Channel = { listeners: Map<string, Set<() => void>>; close: () => void; refs: number }
const channels = new Map<string, Channel>()

function subscribe(workspaceId: string, key: string, fn: () => void): () => void {
  let ch = channels.get(workspaceId)
  if (!ch) ch = open(workspaceId)
  ch.refs++
  const set = ch.listeners.get(key) ?? new Set()
  set.add(fn)
  ch.listeners.set(key, set)
  const channel = ch
  return () => {
    set.delete(fn)
    if (--channel.refs === 0) {
      channel.close()
      channels.delete(workspaceId)
    }
  }
}

function open(workspaceId: string): Channel {
  const { live, close } = openLiveDoc(`ws.${workspaceId}.signals`, () => {})
  const listeners = new Map<string, Set<() => void>>()
  const map = live.doc.getMap<number>('signals')
  const fire = (keys: Iterable<string>) => {
    for (const k of keys) listeners.get(k)?.forEach((fn) => fn())
  }
  let synced = false
  map.observe((e: Y.YMapEvent<number>) => {
    // The first sync brings the stored values: not a change the page missed.
    if (synced) fire(e.keysChanged)
  })
  const onSync = (isSynced: boolean) => {
    if (!isSynced) return
    // After a reconnect, anything may have changed meanwhile: everyone refreshes once.
    if (synced) fire(listeners.keys())
    synced = true
  }
  live.provider.on('sync', onSync)
  const ch: Channel = { listeners, refs: 0, close }
  channels.set(workspaceId, ch)
  return ch
}
