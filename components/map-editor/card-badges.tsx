'use client'

import { ReviewBadge } from '@/components/audits/review-badge'
import { ScoreBadge } from '@/components/evaluation/score-badge'
import type { CardView } from './logic'
import { KpiBadge } from './kpi-badges'
import { useCardScore } from './scores'

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
 *
 * The score comes from <ScoresProvider> (scores.tsx) per touchpoint: a
 * refetch re-renders only the badges whose score changed. The KPI badge
 * comes from <KpiBadgesProvider> (kpi-badges.tsx), the map's chosen KPI. The owner (or the
 * "no owner yet" flag) is drawn by the card itself, from CARD_FIELDS.
 */
export function CardBadges({ card }: { card: CardView }) {
  const score = useCardScore(card.touchpoint.id)
  return (
    <>
      <KpiBadge touchpointId={card.touchpoint.id} />
      {score && score.count > 0 && score.mean != null && <ScoreBadge mean={score.mean} count={score.count} className="mt-0.5 shrink-0" />}
      {score?.review && <ReviewBadge review={score.review} since={score.since ?? null} className="mt-0.5 shrink-0" />}
    </>
  )
}
