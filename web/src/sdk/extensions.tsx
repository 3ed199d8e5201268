import { Component, lazy, Suspense, useMemo, type ComponentType, type ErrorInfo, type LazyExoticComponent, type ReactNode } from 'react';
import { boot } from './boot.js';

/** What a plugin page module default-exports: a component that gets the route's parameters. */
export type PageComponent = ComponentType<{ params: Record<string, string | undefined> }>;
/** What a slot module default-exports: a component that gets whatever the theme or page passes to the slot. */
export type SlotComponent<P = Record<string, unknown>> = ComponentType<P>;

const loaded = new Map<string, LazyExoticComponent<ComponentType<any>>>();

/**
 * A plugin's module by URL, loaded on first use. Plugin bundles are plain ES modules that import
 * `react` and `@petamigos/web` through the page's import map, so they share the app's one copy.
 */
export function pluginComponent<P>(url: string): LazyExoticComponent<ComponentType<P>> {
  let component = loaded.get(url);
  if (!component) {
    component = lazy(() => import(/* @vite-ignore */ url) as Promise<{ default: ComponentType<any> }>);
    loaded.set(url, component);
  }
  return component as LazyExoticComponent<ComponentType<P>>;
}

/** Keeps one broken plugin component from taking the whole page down. */
export class PluginBoundary extends Component<{ name: string; fallback?: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`PetAmigos: plugin component ${this.props.name} failed`, error, info.componentStack);
  }
  override render() {
    return this.state.failed ? (this.props.fallback ?? null) : this.props.children;
  }
}

export interface PageEntry {
  plugin: string;
  path: string;
  module: string;
  title?: string;
  requiresAuth?: boolean;
}

export function pluginPages(): PageEntry[] {
  return boot().plugins.flatMap((plugin) => plugin.pages.map((page) => ({ plugin: plugin.name, ...page })));
}

export function pluginNav(): Array<{ plugin: string; label: string; path: string; icon?: string; order?: number }> {
  return boot()
    .plugins.flatMap((plugin) => plugin.nav.map((item) => ({ plugin: plugin.name, ...item })))
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}

/**
 * Where plugins hang components into a page the theme or another plugin owns (`home.top`,
 * `profile.tabs`, …). Renders every enabled plugin's component for that slot, in order; nothing
 * when no plugin fills it.
 */
export function Slot<P extends object>({ name, props, fallback }: { name: string; props?: P; fallback?: ReactNode }) {
  const entries = useMemo(
    () => boot().plugins.flatMap((plugin) => plugin.slots.filter((s) => s.slot === name).map((s) => ({ plugin: plugin.name, ...s }))).sort((a, b) => (a.order ?? 100) - (b.order ?? 100)),
    [name],
  );
  if (entries.length === 0) return <>{fallback ?? null}</>;
  return (
    <>
      {entries.map((entry) => {
        const Loaded = pluginComponent<P>(entry.module);
        return (
          <PluginBoundary key={`${entry.plugin}:${entry.module}`} name={entry.plugin}>
            <Suspense fallback={null}>
              <Loaded {...((props ?? {}) as any)} />
            </Suspense>
          </PluginBoundary>
        );
      })}
    </>
  );
}
