'use client'

import { createContext, startTransition, useActionState, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import type { ActionResult } from '@/lib/actions/define-action'

type FormState = { result: ActionResult | null; pending: boolean }
const FormContext = createContext<FormState>({ result: null, pending: false })

export function useFormResult(): FormState {
  return useContext(FormContext)
}

/**
 * A form bound to a server action: shows pending state, the action's error,
 * and field-by-field errors (read by <Field>); optional success message and
 * reset. `hidden` values (such as workspaceId) travel with every submit.
 */
export function ActionForm({
  action,
  children,
  hidden,
  success,
  resetOnSuccess = false,
  onSuccess,
  className = 'space-y-4',
  confirm,
  'aria-label': ariaLabel,
}: {
  action: (input: FormData) => Promise<ActionResult<unknown>>
  children: ReactNode
  hidden?: Record<string, string>
  success?: string
  resetOnSuccess?: boolean
  onSuccess?: (data: unknown) => void
  className?: string
  confirm?: string
  'aria-label'?: string
}) {
  const formRef = useRef<HTMLFormElement>(null)
  const [result, formAction, pending] = useActionState(async (_prev: ActionResult | null, fd: FormData) => {
    const r = await action(fd)
    return r
  }, null)
  // Errors for fields that have no visible input (hidden ids, or the whole form) go in the summary.
  const [orphanErrors, setOrphanErrors] = useState<string[]>([])
  useEffect(() => {
    const form = formRef.current
    const fieldErrors = result && !result.ok ? (result.fieldErrors ?? {}) : {}
    setOrphanErrors(
      Object.entries(fieldErrors)
        .filter(([k]) => k === '_' || !form?.querySelector(`[name="${CSS.escape(k)}"]:not([type="hidden"])`))
        .flatMap(([, m]) => m),
    )
    if (result?.ok) {
      if (resetOnSuccess) formRef.current?.reset()
      onSuccess?.(result.data)
    } else if (result && !result.ok) {
      const firstInvalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')
      firstInvalid?.focus()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result])
  const hasFieldErrors = Boolean(result && !result.ok && result.fieldErrors && Object.keys(result.fieldErrors).length)
  return (
    <FormContext.Provider value={{ result, pending }}>
      <form
        ref={formRef}
        action={formAction}
        className={className}
        aria-label={ariaLabel}
        aria-busy={pending}
        noValidate
        onSubmit={(e) => {
          // Submit ourselves so React does not reset the fields: a rejected form keeps what was typed.
          e.preventDefault()
          if (confirm && !window.confirm(confirm)) return
          const fd = new FormData(e.currentTarget)
          startTransition(() => formAction(fd))
        }}
      >
        {Object.entries(hidden ?? {}).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        {children}
        {result && !result.ok && (!hasFieldErrors || orphanErrors.length > 0) && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {orphanErrors.length ? orphanErrors.join(' ') : result.error}
          </p>
        )}
        {result?.ok && success && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {success}
          </p>
        )}
      </form>
    </FormContext.Provider>
  )
}
