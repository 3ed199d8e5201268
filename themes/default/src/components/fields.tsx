import { useId, type ReactNode } from 'react';
import type { ThemeModule } from '@petamigos/web';
import { Icon } from './icons.js';
import { cx, describedBy } from './util.js';

interface FieldFrame {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  className?: string;
  children: ReactNode;
}

/** Label, hint, control, error — the hint and error are tied to the control by id. */
function Field({ id, label, hint, error, required, className, children }: FieldFrame) {
  return (
    <div className={cx('pa-field', error && 'pa-field--invalid', className)}>
      <label className="pa-field__label" htmlFor={id}>
        {label}
        {required && (
          <span className="pa-field__required" aria-hidden="true">
            {' *'}
          </span>
        )}
      </label>
      {hint && (
        <p className="pa-field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="pa-field__error" id={`${id}-error`} role="alert">
          <Icon name="error" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}

/** The id a control gets (its own, or a generated one) and the `aria-*` that point at its hint and error. */
function useFieldIds(id: string | undefined, hint: string | undefined, error: string | undefined, extra: string | undefined) {
  const generated = useId();
  const controlId = id ?? `pa${generated.replace(/[^\w-]/g, '')}`;
  return {
    controlId,
    aria: {
      'aria-invalid': error ? true : undefined,
      'aria-describedby': describedBy(error ? `${controlId}-error` : undefined, hint ? `${controlId}-hint` : undefined, extra),
    },
  };
}

export const TextInput: ThemeModule['TextInput'] = ({ label, hint, error, id, className, 'aria-describedby': extra, ...rest }) => {
  const { controlId, aria } = useFieldIds(id, hint, error, extra);
  return (
    <Field id={controlId} label={label} hint={hint} error={error} required={rest.required} className={className}>
      <input {...rest} id={controlId} className="pa-input" {...aria} />
    </Field>
  );
};

export const TextArea: ThemeModule['TextArea'] = ({ label, hint, error, id, className, 'aria-describedby': extra, ...rest }) => {
  const { controlId, aria } = useFieldIds(id, hint, error, extra);
  return (
    <Field id={controlId} label={label} hint={hint} error={error} required={rest.required} className={className}>
      <textarea rows={4} {...rest} id={controlId} className="pa-input pa-input--area" {...aria} />
    </Field>
  );
};

export const Select: ThemeModule['Select'] = ({ label, hint, error, id, className, options, 'aria-describedby': extra, ...rest }) => {
  const { controlId, aria } = useFieldIds(id, hint, error, extra);
  return (
    <Field id={controlId} label={label} hint={hint} error={error} required={rest.required} className={className}>
      <span className="pa-select">
        <select {...rest} id={controlId} className="pa-input pa-select__control" {...aria}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <Icon name="chevron" className="pa-select__chevron" />
      </span>
    </Field>
  );
};

export const Checkbox: ThemeModule['Checkbox'] = ({ label, hint, id, className, 'aria-describedby': extra, ...rest }) => {
  const { controlId, aria } = useFieldIds(id, hint, undefined, extra);
  return (
    <div className={cx('pa-check', className)}>
      <input {...rest} type="checkbox" id={controlId} className="pa-check__box" aria-describedby={aria['aria-describedby']} />
      <span className="pa-check__text">
        <label htmlFor={controlId} className="pa-check__label">
          {label}
        </label>
        {hint && (
          <span className="pa-field__hint" id={`${controlId}-hint`}>
            {hint}
          </span>
        )}
      </span>
    </div>
  );
};
