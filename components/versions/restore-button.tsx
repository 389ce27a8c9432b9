'use client'

import { useTranslations } from 'next-intl'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { restoreVersionAction } from '@/app/w/[slug]/maps/[mapId]/versions/actions'
import { Button, buttonClass } from '@/components/ui/button'

type Done = { undoVersionId: string; added: number; removed: number; changed: number; touchpointsBack: number }

/** Restores the version (after a confirmation), then offers to undo it: restoring the version saved just before. */
export function RestoreButton({ workspaceId, versionId, mapHref }: { workspaceId: string; versionId: string; mapHref: string }) {
  const t = useTranslations('versions.view')
  const router = useRouter()
  const [pending, setPending] = useState(false)
  const [done, setDone] = useState<Done | null>(null)
  const [undone, setUndone] = useState(false)
  const [error, setError] = useState('')

  async function restore(id: string, isUndo: boolean) {
    if (!isUndo && !window.confirm(t('restoreConfirm'))) return
    setPending(true)
    setError('')
    try {
      const r = await restoreVersionAction({ workspaceId, versionId: id })
      if (!r.ok) setError(r.error)
      else if (isUndo) setUndone(true)
      else setDone(r.data as Done)
      router.refresh()
    } finally {
      setPending(false)
    }
  }

  return (
    <div className="space-y-2">
      {!done && (
        <Button onClick={() => void restore(versionId, false)} disabled={pending}>
          {pending ? t('restoring') : t('restore')}
        </Button>
      )}
      <div role="status" className="text-sm text-emerald-800">
        {done && !undone && (
          <>
            <p>
              {t('restored', { added: done.added, changed: done.changed, removed: done.removed })} {done.touchpointsBack > 0 && t('touchpointsBack', { count: done.touchpointsBack })}
            </p>
            <div className="mt-2 flex flex-wrap gap-2">
              <Button variant="secondary" onClick={() => void restore(done.undoVersionId, true)} disabled={pending}>
                {pending ? t('restoring') : t('undo')}
              </Button>
              <Link href={mapHref} className={buttonClass('ghost')}>
                {t('openMap')}
              </Link>
            </div>
          </>
        )}
        {undone && <p>{t('undone')}</p>}
      </div>
      {error && (
        <p role="alert" className="text-sm font-medium text-red-800">
          {error}
        </p>
      )}
    </div>
  )
}
