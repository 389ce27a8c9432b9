import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { PresenceAvatars, presentUsers } from '@/components/realtime/presence-avatars'

function awarenessWith(users: { id: string; name: string; colour: string }[]) {
  const local = new Awareness(new Y.Doc())
  local.setLocalStateField('user', users[0])
  for (const u of users.slice(1)) {
    const other = new Awareness(new Y.Doc())
    other.setLocalStateField('user', u)
    applyAwarenessUpdate(local, encodeAwarenessUpdate(other, [other.clientID]), 'remote')
  }
  return local
}

describe('PresenceAvatars', () => {
  const ada = { id: 'u1', name: 'Ada Lovelace', colour: '#2563eb' }
  const bob = { id: 'u2', name: 'Bob', colour: '#e11d48' }

  it('lists each user once, self first', () => {
    const a = awarenessWith([bob, ada, ada])
    expect(presentUsers(a).map((u) => [u.name, u.self])).toEqual([
      ['Bob', true],
      ['Ada Lovelace', false],
    ])
  })

  it('renders an accessible list with initials and names', () => {
    const html = renderToStaticMarkup(createElement(PresenceAvatars, { awareness: awarenessWith([ada, bob]) }))
    expect(html).toContain('aria-label="People on this map"')
    expect(html).toContain('>AL<')
    expect(html).toContain('Ada Lovelace (you)')
    expect(html).toContain('background-color:#e11d48')
  })

  it('collapses the overflow into +N', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ id: `u${i}`, name: `User ${i}`, colour: '#059669' }))
    const html = renderToStaticMarkup(createElement(PresenceAvatars, { awareness: awarenessWith(many), max: 3 }))
    expect(html).toContain('+4')
    expect(html).toContain('and 4 more')
  })
})
