import type { Metadata } from 'next'
import { SectionEmpty } from '@/components/shell/section-empty'

export const metadata: Metadata = { title: 'Audits' }

export default function AuditsPage() {
  return <SectionEmpty section="audits" icon="audits" />
}
