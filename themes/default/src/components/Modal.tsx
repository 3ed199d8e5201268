import { useEffect, useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { ThemeModule } from '@petamigos/web';
import { Icon } from './icons.js';
import { FOCUSABLE, useThemeStrings } from './util.js';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  closeLabel?: string;
}

/**
 * A native modal `<dialog>`: the browser puts it in the top layer and makes the page behind it
 * inert. On top of that we keep Tab inside it, send Escape and clicks on the backdrop to `onClose`
 * (the page decides whether it closes), start on the first control, and give focus back to
 * whatever had it before. A bottom sheet on phones, a centred card on wider screens.
 */
function Dialog({ title, onClose, children, closeLabel }: DialogProps) {
  const strings = useThemeStrings();
  const ref = useRef<HTMLDialogElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const titleId = `pa${useId().replace(/[^\w-]/g, '')}`;
  const close = useRef(onClose);
  const mounted = useRef(false);
  useEffect(() => {
    close.current = onClose;
  });

  useLayoutEffect(() => {
    const dialog = ref.current!;
    const previous = document.activeElement as HTMLElement | null;
    mounted.current = true;
    if (!dialog.open) dialog.showModal();
    const first = body.current?.querySelector<HTMLElement>(`[autofocus], ${FOCUSABLE}`);
    (first ?? dialog.querySelector<HTMLElement>('.pa-modal__close'))?.focus();
    return () => {
      mounted.current = false;
      if (dialog.open) dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  const trapTab = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab') return;
    const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null || el === document.activeElement);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <dialog
      ref={ref}
      className="pa-modal"
      aria-labelledby={titleId}
      aria-modal="true"
      onKeyDown={trapTab}
      onCancel={(event) => {
        event.preventDefault();
        close.current();
      }}
      // The browser may close a dialog on its own (a second Escape); keep the page's state in step.
      onClose={() => {
        if (mounted.current && !ref.current?.open) close.current();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) close.current();
      }}
    >
      <div className="pa-modal__panel">
        <div className="pa-modal__header">
          <h2 className="pa-modal__title" id={titleId}>
            {title}
          </h2>
          <button type="button" className="pa-icon-button pa-modal__close" aria-label={closeLabel ?? strings.close} onClick={() => close.current()}>
            <Icon name="close" />
          </button>
        </div>
        <div className="pa-modal__body" ref={body}>
          {children}
        </div>
      </div>
    </dialog>,
    document.body,
  );
}

export const Modal: ThemeModule['Modal'] = ({ open, ...props }) => (open ? <Dialog {...props} /> : null);
