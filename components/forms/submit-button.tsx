'use client'

import type { ReactNode } from 'react'
import { buttonClass } from '@/components/ui/button'
import { useFormResult } from './action-form'

export function SubmitButton({ children, pendingLabel, variant = 'primary', className = '' }: { children: ReactNode; pendingLabel?: ReactNode; variant?: 'primary' | 'secondary' | 'danger' | 'ghost'; className?: string }) {
  const { pending } = useFormResult()
  return (
    <button type="submit" disabled={pending} className={buttonClass(variant, className)}>
      {pending && (
        <span aria-hidden="true" className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" />
      )}
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  )
}
