import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './api.js';
import { session, type Tokens } from './session-store.js';

/** The signed-in user as `GET /api/users/me` returns it. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  bio: string;
  email: string;
  language: string;
  timezone: string;
  role: 'user' | 'moderator' | 'admin';
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  [key: string]: unknown;
}

export interface SessionState {
  status: 'loading' | 'signed-in' | 'signed-out';
  user: Me | null;
  /** Stores fresh tokens (after sign-in or sign-up) and loads the user. */
  signIn(tokens: Tokens): Promise<Me | null>;
  signOut(): Promise<void>;
  reload(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null>(null);
  const [status, setStatus] = useState<SessionState['status']>(session.tokens() ? 'loading' : 'signed-out');

  const reload = useCallback(async () => {
    if (!session.tokens()) {
      setUser(null);
      setStatus('signed-out');
      return;
    }
    try {
      setUser(await api.get<Me>('/api/users/me'));
      setStatus('signed-in');
    } catch {
      setUser(null);
      setStatus(session.tokens() ? 'loading' : 'signed-out');
    }
  }, []);

  useEffect(() => {
    void reload();
    return session.subscribe(() => void reload());
  }, [reload]);

  const value = useMemo<SessionState>(() => ({
    status,
    user,
    reload,
    async signIn(tokens) {
      session.set(tokens);
      const me = await api.get<Me>('/api/users/me');
      setUser(me);
      setStatus('signed-in');
      return me;
    },
    async signOut() {
      const tokens = session.tokens();
      if (tokens) await api.post('/api/auth/logout', { refreshToken: tokens.refreshToken }).catch(() => undefined);
      session.set(null);
    },
  }), [status, user, reload]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('PetAmigos: useSession() outside <SessionProvider>.');
  return state;
}
