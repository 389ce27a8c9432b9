'use client'

import { useRouter } from 'next/navigation'
import { useSignal } from '@/components/live/use-signal'

/** Re-renders the server page when owners change anywhere in the workspace (lib/ownership/owner-changes.ts signals 'ownership'). */
export function LiveRefresh({ workspaceId, topics = ['ownership'] }: { workspaceId: string; topics?: ('ownership' | 'insights' | 'scores' | 'audits' | 'maps' | 'personas' | 'metrics' | 'webhooks' | 'interactions')[] }) {
  const router = useRouter()
  return (
    <>
      {topics.map((topic) => (
        <Subscription key={topic} workspaceId={workspaceId} topic={topic} onChange={() => router.refresh()} />
      ))}
    </>
  )
}

function Subscription({ workspaceId, topic, onChange }: { workspaceId: string; topic: string; onChange: () => void }) {
  useSignal(workspaceId, topic, onChange)
  return null
}
