import type { Metadata } from 'next'
import { SectionEmpty } from '@/components/shell/section-empty'

export const metadata: Metadata = { title: 'Analysis' }

export default function AnalysisPage() {
  return <SectionEmpty section="analysis" icon="analysis" />
}
