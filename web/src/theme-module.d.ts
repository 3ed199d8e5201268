// `@petamigos/theme` is whichever theme the page's import map points at; every theme implements
// the contract in sdk/theme-contract.ts, so code is typed against the contract, not one theme.
declare module '@petamigos/theme' {
  import type { ThemeModule } from '@petamigos/web';
  export const Shell: ThemeModule['Shell'];
  export const Button: ThemeModule['Button'];
  export const Card: ThemeModule['Card'];
  export const TextInput: ThemeModule['TextInput'];
  export const TextArea: ThemeModule['TextArea'];
  export const Select: ThemeModule['Select'];
  export const Checkbox: ThemeModule['Checkbox'];
  export const Avatar: ThemeModule['Avatar'];
  export const Modal: ThemeModule['Modal'];
  export const ToastProvider: ThemeModule['ToastProvider'];
  export const useToast: ThemeModule['useToast'];
  export const Skeleton: ThemeModule['Skeleton'];
  export const Spinner: ThemeModule['Spinner'];
  export const EmptyState: ThemeModule['EmptyState'];
  export const PageHeader: ThemeModule['PageHeader'];
  export const Tabs: ThemeModule['Tabs'];
  export const Badge: ThemeModule['Badge'];
  export const Alert: ThemeModule['Alert'];
  export const Stack: ThemeModule['Stack'];
  export const Row: ThemeModule['Row'];
}
