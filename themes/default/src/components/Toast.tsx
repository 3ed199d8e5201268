import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ThemeModule } from '@petamigos/web';
import { Icon } from './icons.js';
import { useThemeStrings } from './util.js';

type Kind = 'info' | 'success' | 'error';
type Push = (message: string, kind?: Kind) => void;
interface Toast {
  id: number;
  message: string;
  kind: Kind;
}

const ToastContext = createContext<Push>(() => undefined);
/** How long a toast stays when nobody is pointing at it or focused in it; errors get longer to be read. */
const LIFETIME: Record<Kind, number> = { info: 5000, success: 5000, error: 9000 };
/** More than this and the oldest go: a pile of toasts helps nobody. */
const MAX = 4;

function ToastItem({ toast, paused, onDismiss, dismissLabel }: { toast: Toast; paused: boolean; onDismiss(id: number): void; dismissLabel: string }) {
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), LIFETIME[toast.kind]);
    return () => clearTimeout(timer);
  }, [paused, toast, onDismiss]);
  return (
    <div className={`pa-toast pa-toast--${toast.kind}`}>
      <Icon name={toast.kind === 'info' ? 'info' : toast.kind} className="pa-toast__icon" />
      <span className="pa-toast__message">{toast.message}</span>
      <button type="button" className="pa-icon-button pa-toast__dismiss" aria-label={dismissLabel} onClick={() => onDismiss(toast.id)}>
        <Icon name="close" />
      </button>
    </div>
  );
}

/**
 * Toasts stack above the tab bar on phones and in the corner on wide screens. The two live regions
 * are always in the page (a region added together with its message is often not announced):
 * errors go to the `alert` one, everything else to the polite `status` one.
 */
export const ToastProvider: ThemeModule['ToastProvider'] = ({ children }: { children: ReactNode }) => {
  const strings = useThemeStrings();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [paused, setPaused] = useState(false);
  const region = useRef<HTMLDivElement>(null);
  const next = useRef(0);
  // Paused while pointed at or focused in. Asked again whenever the list changes, because removing
  // the toast under the pointer or with focus sends no leave or blur event.
  const check = useCallback(() => {
    const el = region.current;
    setTimeout(() => setPaused(!!el && (el.matches(':hover') || el.contains(document.activeElement))));
  }, []);
  useEffect(check, [toasts, check]);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const push = useCallback<Push>((message, kind = 'info') => {
    const id = ++next.current;
    setToasts((list) => [...list, { id, message, kind }].slice(-MAX));
  }, []);
  const list = (errors: boolean) =>
    toasts.filter((toast) => (toast.kind === 'error') === errors).map((toast) => <ToastItem key={toast.id} toast={toast} paused={paused} onDismiss={dismiss} dismissLabel={strings.close} />);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div ref={region} className="pa-toasts" onPointerEnter={check} onPointerLeave={check} onFocus={check} onBlur={check}>
        <div className="pa-toasts__region" role="alert">
          {list(true)}
        </div>
        <div className="pa-toasts__region" role="status">
          {list(false)}
        </div>
      </div>
    </ToastContext.Provider>
  );
};

export const useToast: ThemeModule['useToast'] = () => useContext(ToastContext);
