import type { Metadata } from 'next'
import { SectionEmpty } from '@/components/shell/section-empty'

export const metadata: Metadata = { title: 'Touchpoints' }

export default function TouchpointsPage() {
  return <SectionEmpty section="touchpoints" icon="touchpoints" />
}
