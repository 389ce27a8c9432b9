import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { missingOptional } from '../../scripts/lockfile-platform-stubs.mjs'

describe('package-lock.json', () => {
  it('resolves every optional dependency, so `npm ci` accepts it (run scripts/lockfile-platform-stubs.mjs if not)', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'))
    expect(missingOptional(lock)).toEqual([])
  })

  it('pins @y/websocket-server to 0.1.1 (0.1.2+ needs the yjs 14 pre-release)', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'))
    expect(lock.packages['node_modules/@y/websocket-server'].version).toBe('0.1.1')
    expect(lock.packages['node_modules/yjs'].version).toBe('13.6.33')
  })
})
