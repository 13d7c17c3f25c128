// Form fields with a label, hint and translated error wired up for screen readers.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { useT } from "../lib/i18n";

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (aria: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}

export function FieldFrame({ id, label, hint, error, children }: FieldFrameProps) {
  const t = useT();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children({ id, ...(error ? { "aria-invalid": true } : {}), ...(describedBy ? { "aria-describedby": describedBy } : {}) })}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

type Common = { name: string; label: string; hint?: string; error?: string };

export function TextField({ name, label, hint, error, ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame id={rest.id ?? `f-${name}`} label={label} hint={hint} error={error}>
      {(aria) => <input name={name} {...rest} {...aria} />}
    </FieldFrame>
  );
}

export function TextArea({ name, label, hint, error, ...rest }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame id={rest.id ?? `f-${name}`} label={label} hint={hint} error={error}>
      {(aria) => <textarea name={name} rows={4} {...rest} {...aria} />}
    </FieldFrame>
  );
}

export function SelectField({
  name,
  label,
  hint,
  error,
  options,
  ...rest
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  return (
    <FieldFrame id={rest.id ?? `f-${name}`} label={label} hint={hint} error={error}>
      {(aria) => (
        <select name={name} {...rest} {...aria}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** A form-level error, announced to screen readers when it appears. */
export function FormError({ message }: { message?: string }) {
  const t = useT();
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert">
      {t(message)}
    </div>
  );
}
