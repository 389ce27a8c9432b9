'use client'

import type { CardView } from './logic'

/**
 * The badges slot of a map card, between its name and its owner: put badges
 * here (an ownership badge, a score, ...). It renders inside the memoised
 * <Card>, so it re-renders when the card's placement or one of the touchpoint
 * fields in CARD_FIELDS (card.tsx) changes: add the fields a badge reads there;
 * data that lives elsewhere (scores from the read model, say) should come
 * from a React context read here, so only the badges re-render when it
 * changes, not the thousand cards around them.
 *
 * Keep badges cheap and unpositioned (no `absolute`/`relative`/`sr-only`:
 * see card.tsx); name them for screen readers with `role="img"` and
 * `aria-label`.
 */
export function CardBadges(_props: { card: CardView }) {
  return null
}
