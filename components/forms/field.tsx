'use client'

import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { useFormResult } from './action-form'

const control =
  'block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-600 disabled:bg-slate-100'

function useFieldError(name: string): string[] | undefined {
  const { result } = useFormResult()
  return result && !result.ok ? result.fieldErrors?.[name] : undefined
}

type Common = { name: string; label: ReactNode; hint?: ReactNode; hideLabel?: boolean }

function Wrapper({ id, label, hint, errors, hideLabel, children }: { id: string; label: ReactNode; hint?: ReactNode; errors?: string[]; hideLabel?: boolean; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'block text-sm font-medium text-slate-800'}>
        {label}
      </label>
      {children}
      {hint && !errors && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.join(' ')}
        </p>
      )}
    </div>
  )
}

/** The id, name and ARIA wiring shared by every control: label, hint, and field errors from the form's last result. */
function useControl(name: string, hint: ReactNode | undefined) {
  const id = useId()
  const errors = useFieldError(name)
  const props = {
    id,
    name,
    'aria-invalid': errors ? true : undefined,
    'aria-describedby': errors ? `${id}-error` : hint ? `${id}-hint` : undefined,
    className: `${control} ${errors ? 'border-red-500' : 'border-slate-300'}`,
  }
  return { id, errors, props }
}

export function Field({ name, label, hint, hideLabel, ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const { id, errors, props } = useControl(name, hint)
  return (
    <Wrapper id={id} label={label} hint={hint} errors={errors} hideLabel={hideLabel}>
      <input {...props} {...rest} />
    </Wrapper>
  )
}

export function TextareaField({ name, label, hint, hideLabel, className, ...rest }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, errors, props } = useControl(name, hint)
  return (
    <Wrapper id={id} label={label} hint={hint} errors={errors} hideLabel={hideLabel}>
      <textarea {...props} {...rest} className={`${props.className} ${className ?? ''}`} />
    </Wrapper>
  )
}

export function SelectField({ name, label, hint, hideLabel, children, ...rest }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const { id, errors, props } = useControl(name, hint)
  return (
    <Wrapper id={id} label={label} hint={hint} errors={errors} hideLabel={hideLabel}>
      <select {...props} {...rest}>
        {children}
      </select>
    </Wrapper>
  )
}

export function CheckboxField({ name, label, ...props }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId()
  const errors = useFieldError(name)
  return (
    <div className="space-y-1">
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          name={name}
          aria-invalid={errors ? true : undefined}
          aria-describedby={errors ? `${id}-error` : undefined}
          className="mt-0.5 h-4 w-4 rounded border-slate-400 text-indigo-700 focus:outline-2 focus:outline-indigo-600"
          {...props}
        />
        <label htmlFor={id} className="text-sm text-slate-800">
          {label}
        </label>
      </div>
      {errors && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.join(' ')}
        </p>
      )}
    </div>
  )
}
