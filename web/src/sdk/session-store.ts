/**
 * Where the tokens live. Bearer tokens in localStorage keep the API free of cookies (and of CSRF);
 * the price is that script injection would expose them, which is why the app never renders user
 * content as HTML and the server sends a strict Content-Security-Policy.
 */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const KEY = 'petamigos.session';
type Listener = () => void;
const listeners = new Set<Listener>();
let refreshing: Promise<boolean> | null = null;

function read(): Tokens | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

export const session = {
  tokens: read,
  accessToken: (): string | null => read()?.accessToken ?? null,
  set(tokens: Tokens | null): void {
    if (tokens) localStorage.setItem(KEY, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
    else localStorage.removeItem(KEY);
    for (const listener of listeners) listener();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Trades the refresh token for a new pair; one refresh at a time, since refresh tokens rotate. */
  refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const current = read();
      if (!current) return false;
      try {
        const response = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: current.refreshToken }) });
        if (!response.ok) {
          session.set(null);
          return false;
        }
        session.set((await response.json()) as Tokens);
        return true;
      } catch {
        return false;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  },
};

// Another tab signed in or out: follow it.
if (typeof window !== 'undefined') window.addEventListener('storage', (event) => event.key === KEY && listeners.forEach((l) => l()));
