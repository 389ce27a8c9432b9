/**
 * The starter library (../shared/seeds/004): touchpoints nearly every company
 * has, offered when a map is created. Each comes with kind, ownership and
 * control filled in, and a phase that places it on the new map (before,
 * during or after the purchase: the template's first, middle or last stage).
 * A starter whose name, or one of its usual names, is already in the catalog
 * is linked to that touchpoint, not added twice. Pure.
 */
import type { Control, Ownership, TouchpointKind } from './model'

export const STARTER_GROUPS = ['core', 'crm', 'common'] as const
export type StarterGroup = (typeof STARTER_GROUPS)[number]
export type Phase = 'before' | 'during' | 'after'

export type Starter = {
  key: string
  group: StarterGroup
  name: string
  /** Names the same touchpoint often has in a catalog (matched like the name, ignoring case). */
  aka: readonly string[]
  kind: TouchpointKind
  ownership: Ownership
  control: Control
  channel: string
  phase: Phase
}

const s = (key: string, group: StarterGroup, name: string, kind: TouchpointKind, channel: string, phase: Phase, aka: string[] = [], ownership: Ownership = 'owned', control: Control = 'direct'): Starter => ({
  key,
  group,
  name,
  aka,
  kind,
  ownership,
  control,
  channel,
  phase,
})

export const STARTERS: readonly Starter[] = [
  // The core service or product experience.
  s('onboarding', 'core', 'Onboarding', 'human', 'Account set-up', 'after', ['Onboarding process', 'Welcome call']),
  s('quality', 'core', 'Product or service quality', 'physical', 'Product', 'after', ['Product quality', 'Service quality', 'Product']),
  s('upgrades', 'core', 'Upgrades and improvements', 'communication', 'Product', 'after', ['Upgrades', 'Upgrade offer']),
  s('performance', 'core', 'Performance measurement', 'communication', 'Reports', 'after', ['Performance report', 'Usage report']),
  s('billing', 'core', 'Billing and pricing', 'communication', 'Email', 'after', ['Invoice email', 'Invoice', 'Billing', 'Pricing page']),
  s('support', 'core', 'Customer support', 'human', 'Phone', 'after', ['Support line', 'Hotline', 'Help desk']),
  // What a CRM tracks.
  s('first-contact', 'crm', 'First contact', 'human', 'Phone', 'before', ['First call', 'Lead contact']),
  s('sales-conversations', 'crm', 'Sales conversations', 'human', 'Meeting', 'during', ['Sales call', 'Sales meeting', 'Sales rep']),
  s('website-visits', 'crm', 'Website visits', 'communication', 'Web', 'before', ['Website', 'Home page']),
  s('email', 'crm', 'Email', 'communication', 'Email', 'before', ['Sales email', 'Email campaign']),
  // The ten common examples.
  s('live-chat', 'common', 'Live chat', 'human', 'Web', 'during', ['Chat', 'Live chat support']),
  s('store', 'common', 'Store experience', 'physical', 'Store', 'during', ['Store', 'Shop', 'In-store experience']),
  s('online-ads', 'common', 'Online ads', 'communication', 'Web', 'before', ['Online advertising', 'Display ads', 'Search ads', 'Social ads'], 'paid'),
  s('recommendations', 'common', 'Personal recommendations', 'human', 'Word of mouth', 'before', ['Word of mouth', 'Referrals'], 'earned', 'indirect'),
  s('events', 'common', 'Events and webinars', 'human', 'Events', 'before', ['Events', 'Webinars', 'Customer events']),
  s('renewals', 'common', 'Renewals and subscriptions', 'communication', 'Email', 'after', ['Renewal', 'Subscription management']),
  s('order-confirmation', 'common', 'Order confirmation', 'communication', 'Email', 'during', ['Order confirmation email']),
  s('delivery', 'common', 'Delivery and packaging', 'physical', 'Delivery', 'after', ['Delivery', 'Packaging']),
  s('surveys', 'common', 'Post-purchase surveys', 'communication', 'Email', 'after', ['Survey', 'Customer survey', 'Feedback survey']),
  s('newsletters', 'common', 'Newsletters and email reminders', 'communication', 'Email', 'after', ['Newsletter', 'Email reminders']),
]

export const STARTER_KEYS = STARTERS.map((x) => x.key)

const norm = (n: string) => n.trim().toLowerCase().replace(/\s+/g, ' ')

/** For each starter: the catalog touchpoint it stands for (by name, then by its usual names), if the catalog has one. */
export function matchStarters(catalog: readonly { id: string; name: string; status?: string }[]): Map<string, { id: string; name: string }> {
  const byName = new Map<string, { id: string; name: string }>()
  // Active touchpoints win over retired ones of the same name; the first of equals stays.
  for (const t of [...catalog].sort((a, b) => Number(a.status === 'retired') - Number(b.status === 'retired'))) {
    const k = norm(t.name)
    if (!byName.has(k)) byName.set(k, { id: t.id, name: t.name })
  }
  const out = new Map<string, { id: string; name: string }>()
  for (const st of STARTERS) {
    const hit = [st.name, ...st.aka].map((n) => byName.get(norm(n))).find(Boolean)
    if (hit) out.set(st.key, hit)
  }
  return out
}

/** Which stage of `stages` (in order) a phase lands on: the first, the middle or the last. */
export function stageForPhase(stages: readonly string[], phase: Phase): string | undefined {
  if (!stages.length) return undefined
  const i = phase === 'before' ? 0 : phase === 'after' ? stages.length - 1 : Math.floor((stages.length - 1) / 2)
  return stages[i]
}
