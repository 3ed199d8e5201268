// Placeholder theme while the real one is built: every component of the contract, minimal.
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import type { ThemeModule } from '@petamigos/web';
import { Link } from '@petamigos/web';


export const Shell: ThemeModule['Shell'] = ({ siteName, nav, accountNav, children, skipLabel }) => (
  <div className="pa-shell">
    <a className="pa-skip" href="#main">{skipLabel}</a>
    <header><strong>{siteName}</strong>
      <nav aria-label="main">{[...nav, ...accountNav].map((n) => <Link key={n.path} href={n.path}>{n.label}{n.badge ? ` (${n.badge})` : ''}</Link>)}</nav>
    </header>
    <main id="main">{children}</main>
  </div>
);
export const Button: ThemeModule['Button'] = ({ variant = 'primary', size, busy, children, ...rest }) => <button className={`pa-button pa-button--${variant}`} aria-busy={busy || undefined} {...rest}>{children}</button>;
export const Card: ThemeModule['Card'] = ({ children, as: As = 'div', className, ...rest }) => <As className={`pa-card ${className ?? ''}`} {...rest}>{children}</As>;
let ids = 0;
const useId = () => useState(() => `pa-f${++ids}`)[0];
export const TextInput: ThemeModule['TextInput'] = ({ label, hint, error, id, ...rest }) => { const own = useId(); const i = id ?? own; return <div className="pa-field"><label htmlFor={i}>{label}</label><input id={i} aria-invalid={!!error || undefined} {...rest} />{error && <p role="alert">{error}</p>}{hint && <p>{hint}</p>}</div>; };
export const TextArea: ThemeModule['TextArea'] = ({ label, hint, error, id, ...rest }) => { const own = useId(); const i = id ?? own; return <div className="pa-field"><label htmlFor={i}>{label}</label><textarea id={i} {...rest} />{error && <p role="alert">{error}</p>}{hint && <p>{hint}</p>}</div>; };
export const Select: ThemeModule['Select'] = ({ label, options, hint, error, id, ...rest }) => { const own = useId(); const i = id ?? own; return <div className="pa-field"><label htmlFor={i}>{label}</label><select id={i} {...rest}>{options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</select>{error && <p role="alert">{error}</p>}</div>; };
export const Checkbox: ThemeModule['Checkbox'] = ({ label, hint, ...rest }) => <label className="pa-check"><input type="checkbox" {...rest} /> {label}</label>;
export const Avatar: ThemeModule['Avatar'] = ({ src, name }) => (src ? <img className="pa-avatar" src={src} alt="" /> : <span className="pa-avatar" aria-hidden="true">{name.slice(0, 1)}</span>);
export const Modal: ThemeModule['Modal'] = ({ open, title, onClose, children }) => (open ? <div role="dialog" aria-modal="true" aria-label={title}><h2>{title}</h2>{children}<button onClick={onClose}>×</button></div> : null);
const ToastContext = createContext<(m: string, k?: 'info' | 'success' | 'error') => void>(() => undefined);
export const ToastProvider: ThemeModule['ToastProvider'] = ({ children }) => { const [items, setItems] = useState<string[]>([]); const push = useCallback((m: string) => setItems((l) => [...l, m]), []); return <ToastContext.Provider value={push}>{children}<div role="status">{items.map((m, n) => <p key={n}>{m}</p>)}</div></ToastContext.Provider>; };
export const useToast: ThemeModule['useToast'] = () => useContext(ToastContext);
export const Skeleton: ThemeModule['Skeleton'] = ({ lines = 3, label }) => <div aria-busy="true" aria-label={label}>{Array.from({ length: lines }, (_, n) => <div key={n} className="pa-skeleton" />)}</div>;
export const Spinner: ThemeModule['Spinner'] = ({ label }) => <span role="status">{label}</span>;
export const EmptyState: ThemeModule['EmptyState'] = ({ title, children, action }) => <div><h2>{title}</h2>{children}{action}</div>;
export const PageHeader: ThemeModule['PageHeader'] = ({ title, subtitle, actions }) => <header><h1>{title}</h1>{subtitle && <p>{subtitle}</p>}{actions}</header>;
export const Tabs: ThemeModule['Tabs'] = ({ label, tabs, active, onChange }) => <div role="tablist" aria-label={label}>{tabs.map((t) => <button key={t.id} role="tab" aria-selected={t.id === active} onClick={() => onChange(t.id)}>{t.label}</button>)}</div>;
export const Badge: ThemeModule['Badge'] = ({ children }) => <span className="pa-badge">{children}</span>;
export const Alert: ThemeModule['Alert'] = ({ children, tone = 'info' }) => <div role={tone === 'error' ? 'alert' : 'status'}>{children}</div>;
export const Stack: ThemeModule['Stack'] = ({ children, className }) => <div className={`pa-stack ${className ?? ''}`}>{children}</div>;
export const Row: ThemeModule['Row'] = ({ children, className }) => <div className={`pa-row ${className ?? ''}`}>{children}</div>;
