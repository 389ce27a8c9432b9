import type { Metadata } from 'next'
import { SectionEmpty } from '@/components/shell/section-empty'

export const metadata: Metadata = { title: 'Maps' }

export default function MapsPage() {
  return <SectionEmpty section="maps" icon="maps" />
}
