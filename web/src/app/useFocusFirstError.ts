import { useEffect, type RefObject } from 'react';
import type { FormErrors } from './forms.js';

/** After a failed submit, puts the keyboard (and screen reader) on the first field that has a problem. */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, errors: FormErrors): void {
  useEffect(() => {
    if (Object.keys(errors.fields).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors, form]);
}
