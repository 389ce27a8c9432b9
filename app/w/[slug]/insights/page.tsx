import type { Metadata } from 'next'
import { SectionEmpty } from '@/components/shell/section-empty'

export const metadata: Metadata = { title: 'Insights' }

export default function InsightsPage() {
  return <SectionEmpty section="insights" icon="insights" />
}
