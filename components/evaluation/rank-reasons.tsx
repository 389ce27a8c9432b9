'use client'

import { useTranslations } from 'next-intl'
import type { Reason } from '@/lib/evaluation/model'

/** One reason in words ("low score 2.1", "on the Loyalty stage (weight 5) of “Churn risk” (prevent churn)"). */
export function useReasonText(): (r: Reason) => string {
  const t = useTranslations('evaluation.reasons')
  const goals = useTranslations('mapEditor.goals')
  return (r) => {
    switch (r.kind) {
      case 'lowScores':
        return t('lowScores', { score: r.score.toFixed(1) })
      case 'highImportance':
        return t('highImportance', { importance: r.importance })
      case 'manyInsights':
        return t('manyInsights', { count: r.count })
      case 'lowEffort':
        return t('lowEffort', { effort: r.effort })
      case 'journey':
        return t('journey', { stage: r.stage, weight: r.stageWeight, segment: r.segment, goal: goals(r.goal).toLowerCase() })
      case 'poorHealth':
        return t('poorHealth', { health: r.health.toFixed(0) })
    }
  }
}

/** Why a touchpoint ranks where it does, as one sentence ("Ranks high because: low score 2.1, 6 open insights, …"). */
export function RankReasons({ reasons, className }: { reasons: readonly Reason[]; className?: string }) {
  const t = useTranslations('evaluation.reasons')
  const text = useReasonText()
  if (!reasons.length) return null
  return (
    <p className={className} data-testid="rank-reasons">
      {t('sentence', { reasons: reasons.map(text).join(', ') })}
    </p>
  )
}
