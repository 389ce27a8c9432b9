/**
 * Matching an interaction to a touchpoint: the workspace's rules in the
 * order they were made (exact or contains, ignoring case; or a regular
 * expression run by RE2, which works in linear time, so no pattern can stall
 * the server), then a type that is a touchpoint's name. Each distinct
 * (type, channel) is decided once per import.
 */
import { RE2 } from 're2-wasm'
import type { RuleField, RuleKind } from './model'

export type Rule = { field: RuleField; kind: RuleKind; pattern: string; touchpointId: string }

/** Why a regular expression cannot be a rule, or null (RE2's syntax: no backreferences or lookaround). */
export function regexProblem(pattern: string): string | null {
  try {
    new RE2(pattern, 'iu')
    return null
  } catch (err) {
    return `This regular expression cannot be used: ${err instanceof Error ? err.message.replace(/^.*?:\s*/, '') : 'invalid'} (RE2 syntax: no backreferences or lookaround)`
  }
}

export function matcher(rules: readonly Rule[], touchpointNames: ReadonlyMap<string, string>) {
  const compiled = rules.map((r) => {
    const p = r.pattern.toLowerCase()
    const test =
      r.kind === 'exact'
        ? (v: string) => v.toLowerCase() === p
        : r.kind === 'contains'
          ? (v: string) => v.toLowerCase().includes(p)
          : (() => {
              const re = new RE2(r.pattern, 'iu')
              return (v: string) => re.test(v)
            })()
    return { field: r.field, test, touchpointId: r.touchpointId }
  })
  const cache = new Map<string, string | null>()
  return (type: string, channel: string): string | null => {
    const key = `${type}\u0000${channel}`
    const hit = cache.get(key)
    if (hit !== undefined) return hit
    let found: string | null = null
    for (const r of compiled) {
      if (r.test(r.field === 'type' ? type : channel)) {
        found = r.touchpointId
        break
      }
    }
    if (!found) found = touchpointNames.get(type.trim().toLowerCase()) ?? null
    cache.set(key, found)
    return found
  }
}
