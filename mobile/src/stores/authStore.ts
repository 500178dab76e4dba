// Who is signed in (seed 4.2). Tokens live in the session (services/session.ts); this store holds
// the user and what the screens show while signing in.
import { create } from 'zustand';

import { api, onSessionEnded, resumeSession, session, type Schemas } from '../services/api';
import { messageOf, unwrap } from '../services/errors';

export type User = Schemas['UserOut'];
export type RegisterData = Schemas['RegisterIn'];

interface AuthState {
  user: User | null;
  isAuthenticated: boolean;
  isLoading: boolean;
  error: string | null;
  // the session ended by itself (refresh refused): the login screen says so
  expired: boolean;

  login: (email: string, password: string) => Promise<void>;
  register: (data: RegisterData) => Promise<void>;
  oauthLogin: (provider: 'google' | 'facebook', idToken: string) => Promise<void>;
  logout: () => Promise<void>;
  fetchUser: () => Promise<void>;
  checkAuth: () => Promise<boolean>;
  setUser: (user: User) => void;
  clearError: () => void;
}

type TokenAnswer = Parameters<typeof unwrap<Schemas['TokenPairOut']>>[0];

export const useAuthStore = create<AuthState>()((set, get) => {
  // Login and provider sign-in both end here: start the session with the pair, load the user.
  const signIn = async (answer: () => Promise<TokenAnswer>) => {
    set({ isLoading: true, error: null, expired: false });
    try {
      const pair = unwrap(await answer());
      await session.start({ accessToken: pair.access_token, refreshToken: pair.refresh_token });
      await get().fetchUser();
    } catch (error) {
      set({ error: messageOf(error) });
    } finally {
      set({ isLoading: false });
    }
  };

  return {
    user: null,
    isAuthenticated: false,
    isLoading: false,
    error: null,
    expired: false,

    login: (email, password) => signIn(() => api.POST('/api/v1/auth/login', { body: { email, password } })),

    register: async (data) => {
      set({ isLoading: true, error: null });
      try {
        unwrap(await api.POST('/api/v1/auth/register', { body: data }));
      } catch (error) {
        set({ isLoading: false, error: messageOf(error) });
        return;
      }
      set({ isLoading: false });
      await get().login(data.email, data.password);
    },

    oauthLogin: (provider, idToken) =>
      signIn(() => api.POST('/api/v1/auth/oauth/{provider}', { params: { path: { provider } }, body: { id_token: idToken } })),

    logout: async () => {
      const refreshToken = session.refreshToken;
      if (refreshToken !== null) {
        // revoke it on the service; signing out here goes ahead even if that fails
        await api.POST('/api/v1/auth/logout', { body: { refresh_token: refreshToken } }).catch(() => undefined);
      }
      await session.end();
      set({ user: null, isAuthenticated: false, error: null });
    },

    fetchUser: async () => {
      const user = unwrap(await api.GET('/api/v1/users/me'));
      set({ user, isAuthenticated: true });
    },

    checkAuth: async () => {
      set({ isLoading: true });
      try {
        if (!(await resumeSession())) return false;
        await get().fetchUser();
        return true;
      } catch {
        await session.end();
        return false;
      } finally {
        set({ isLoading: false });
      }
    },

    setUser: (user) => set({ user }),
    clearError: () => set({ error: null }),
  };
});

onSessionEnded(() => useAuthStore.setState({ user: null, isAuthenticated: false, expired: true }));
