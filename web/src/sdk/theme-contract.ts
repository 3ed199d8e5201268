import type { ButtonHTMLAttributes, ComponentType, InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

/**
 * What every theme exports (`@petamigos/theme` in the import map points at the active theme's
 * bundle). Plugin pages use only these components and the CSS custom properties below, so a new
 * theme restyles every plugin without touching it. A theme module is checked against this type:
 * `export default {...} satisfies ThemeModule` is not needed; named exports are, see themes/default.
 *
 * Design tokens (CSS custom properties every theme defines on :root):
 *   colours  --pa-color-bg, --pa-color-surface, --pa-color-surface-2, --pa-color-text, --pa-color-muted,
 *            --pa-color-primary, --pa-color-on-primary, --pa-color-danger, --pa-color-success,
 *            --pa-color-border, --pa-color-focus
 *   type     --pa-font-body, --pa-font-heading, --pa-font-size-sm, --pa-font-size-md, --pa-font-size-lg, --pa-font-size-xl
 *   spacing  --pa-space-1 … --pa-space-6
 *   shape    --pa-radius-sm, --pa-radius-md, --pa-radius-lg, --pa-shadow
 */
export interface NavItem {
  path: string;
  label: string;
  icon?: string;
  /** A count to show on the entry (unread notifications). */
  badge?: number;
}

export interface ShellProps {
  siteName: string;
  nav: NavItem[];
  /** Entries for the account menu (settings, sign out) or sign-in links when signed out. */
  accountNav: NavItem[];
  currentPath: string;
  user: { displayName: string; username: string; avatarUrl: string | null } | null;
  /** Accessible name of the skip link ("Skip to content"), localized by the app. */
  skipLabel: string;
  children: ReactNode;
}

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'ghost' | 'danger'; size?: 'sm' | 'md'; busy?: boolean };
export type FieldProps = { label: string; hint?: string; error?: string };

export interface ThemeModule {
  Shell: ComponentType<ShellProps>;
  Button: ComponentType<ButtonProps>;
  Card: ComponentType<{ children: ReactNode; className?: string; as?: 'div' | 'article' | 'section' | 'li'; 'aria-label'?: string }>;
  TextInput: ComponentType<InputHTMLAttributes<HTMLInputElement> & FieldProps>;
  TextArea: ComponentType<TextareaHTMLAttributes<HTMLTextAreaElement> & FieldProps>;
  Select: ComponentType<SelectHTMLAttributes<HTMLSelectElement> & FieldProps & { options: Array<{ value: string; label: string }> }>;
  Checkbox: ComponentType<InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }>;
  Avatar: ComponentType<{ src: string | null; name: string; size?: 'sm' | 'md' | 'lg' }>;
  Modal: ComponentType<{ open: boolean; title: string; onClose(): void; children: ReactNode; closeLabel?: string }>;
  ToastProvider: ComponentType<{ children: ReactNode }>;
  useToast(): (message: string, kind?: 'info' | 'success' | 'error') => void;
  Skeleton: ComponentType<{ lines?: number; height?: string; label?: string }>;
  Spinner: ComponentType<{ label: string }>;
  EmptyState: ComponentType<{ title: string; children?: ReactNode; action?: ReactNode }>;
  PageHeader: ComponentType<{ title: string; subtitle?: string; actions?: ReactNode }>;
  Tabs: ComponentType<{ label: string; tabs: Array<{ id: string; label: string }>; active: string; onChange(id: string): void }>;
  Badge: ComponentType<{ children: ReactNode; tone?: 'neutral' | 'primary' | 'danger' | 'success' }>;
  Alert: ComponentType<{ children: ReactNode; tone?: 'info' | 'error' | 'success' }>;
  Stack: ComponentType<{ children: ReactNode; gap?: 1 | 2 | 3 | 4 | 5 | 6; className?: string }>;
  Row: ComponentType<{ children: ReactNode; gap?: 1 | 2 | 3 | 4 | 5 | 6; wrap?: boolean; justify?: 'start' | 'between' | 'end' | 'center'; align?: 'start' | 'center' | 'end'; className?: string }>;
}
