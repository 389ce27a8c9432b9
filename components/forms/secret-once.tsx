'use client'

import { useEffect, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'

export type SecretOnceLabels = { title: string; warning: string; secretLabel: string; copy: string; copied: string; copyFailed: string; done: string }

/** A secret shown once (an API key, a SCIM token): focused heading, a read-only field, a copy button, and a clear warning. */
export function SecretOnce({ secret, labels, onDone, testId }: { secret: string; labels: SecretOnceLabels; onDone: () => void; testId?: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle')
  const secretRef = useRef<HTMLInputElement>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const inputId = `${testId ?? 'secret'}-value`

  useEffect(() => {
    headingRef.current?.focus()
  }, [])

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret)
      setCopied('copied')
    } catch {
      // No clipboard permission (or not a secure context): select it so Ctrl+C works.
      secretRef.current?.select()
      setCopied('failed')
    }
  }

  return (
    <div className="space-y-4 rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid={testId}>
      <h3 ref={headingRef} tabIndex={-1} className="text-sm font-semibold break-all text-slate-900 focus:outline-none">
        {labels.title}
      </h3>
      <p className="text-sm text-amber-900">{labels.warning}</p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <label htmlFor={inputId} className="sr-only">
          {labels.secretLabel}
        </label>
        <input
          id={inputId}
          ref={secretRef}
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 focus:outline-2 focus:outline-indigo-600"
        />
        <Button onClick={copy} variant="secondary">
          {labels.copy}
        </Button>
      </div>
      <p role="status" aria-live="polite" className="min-h-5 text-sm text-slate-700">
        {copied === 'copied' ? labels.copied : copied === 'failed' ? labels.copyFailed : ''}
      </p>
      <Button onClick={onDone}>{labels.done}</Button>
    </div>
  )
}
