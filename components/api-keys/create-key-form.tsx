'use client'

import { useTranslations } from 'next-intl'
import { useEffect, useRef, useState } from 'react'
import { ActionForm } from '@/components/forms/action-form'
import { Field } from '@/components/forms/field'
import { SubmitButton } from '@/components/forms/submit-button'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/actions/define-action'

type Created = { id: string; name: string; prefix: string; key: string }

/** Names a new key, then shows its secret once, with a copy button and a clear warning. */
export function CreateKeyForm({ workspaceId, action }: { workspaceId: string; action: (input: FormData) => Promise<ActionResult<unknown>> }) {
  const t = useTranslations('apiKeys')
  const [created, setCreated] = useState<Created | null>(null)
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle')
  const secretRef = useRef<HTMLInputElement>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    if (created) headingRef.current?.focus()
  }, [created])

  async function copy() {
    if (!created) return
    try {
      await navigator.clipboard.writeText(created.key)
      setCopied('copied')
    } catch {
      // No clipboard permission (or not a secure context): select it so Ctrl+C works.
      secretRef.current?.select()
      setCopied('failed')
    }
  }

  if (created) {
    return (
      <div className="space-y-4 rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid="new-api-key">
        <h3 ref={headingRef} tabIndex={-1} className="text-sm font-semibold break-all text-slate-900 focus:outline-none">
          {t('createdTitle', { name: created.name })}
        </h3>
        <p className="text-sm text-amber-900">{t('onceWarning')}</p>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
          <label htmlFor="new-api-key-secret" className="sr-only">
            {t('secretLabel')}
          </label>
          <input
            id="new-api-key-secret"
            ref={secretRef}
            readOnly
            value={created.key}
            onFocus={(e) => e.currentTarget.select()}
            className="block w-full min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
          />
          <Button onClick={copy} variant="secondary">
            {t('copy')}
          </Button>
        </div>
        <p role="status" aria-live="polite" className="min-h-5 text-sm text-slate-700">
          {copied === 'copied' ? t('copied') : copied === 'failed' ? t('copyFailed') : ''}
        </p>
        <Button
          onClick={() => {
            setCreated(null)
            setCopied('idle')
          }}
        >
          {t('done')}
        </Button>
      </div>
    )
  }

  return (
    <ActionForm
      action={action}
      hidden={{ workspaceId }}
      resetOnSuccess
      onSuccess={(data) => setCreated(data as Created)}
      className="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-end"
      aria-label={t('createTitle')}
    >
      <Field name="name" label={t('name')} hint={t('nameHint')} placeholder={t('namePlaceholder')} required maxLength={80} autoComplete="off" />
      <div className="sm:pb-6">
        <SubmitButton pendingLabel={t('creating')}>{t('create')}</SubmitButton>
      </div>
    </ActionForm>
  )
}
