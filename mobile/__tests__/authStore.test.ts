// The auth store against a fake service at the network boundary (global fetch): the real API
// client, session and refresh flow run underneath.
import * as SecureStore from 'expo-secure-store';

import { session } from '../src/services/api';
import { useAuthStore } from '../src/stores/authStore';
import { error, FakeApi, json, noContent, requireToken, tokenPair, user } from './helpers/fakeApi';

const initial = useAuthStore.getState();
let service: FakeApi;
let validAccess = 'access-1';

beforeEach(async () => {
  await session.end();
  useAuthStore.setState({ ...initial, user: null, isAuthenticated: false, error: null, expired: false });
  validAccess = 'access-1';
  service = new FakeApi();
  service
    .on('POST /api/v1/auth/login', (call) => {
      const { email, password } = call.body as { email: string; password: string };
      return email === 'pat@example.com' && password === 'correct-horse-battery'
        ? json(tokenPair(1))
        : error(401, 'incorrect email or password', 'invalid_credentials');
    })
    .on('GET /api/v1/users/me', requireToken(() => validAccess, () => json(user())))
    .on('POST /api/v1/auth/logout', () => noContent());
  service.install();
});

const signIn = () => useAuthStore.getState().login('pat@example.com', 'correct-horse-battery');

describe('auth store', () => {
  test('a successful login starts the session and loads the user', async () => {
    const done = signIn();
    expect(useAuthStore.getState().isLoading).toBe(true);
    await done;

    const state = useAuthStore.getState();
    expect(state.user).toEqual(user());
    expect(state.isAuthenticated).toBe(true);
    expect(state.isLoading).toBe(false);
    expect(state.error).toBeNull();
    expect(session.accessToken).toBe('access-1');
    expect(service.callsTo('POST /api/v1/auth/login')[0]).toMatchObject({
      authorization: null,
      body: { email: 'pat@example.com', password: 'correct-horse-battery' },
    });
    expect(service.callsTo('GET /api/v1/users/me')[0].authorization).toBe('Bearer access-1');
  });

  test("a refused login shows the service's detail and signs nobody in", async () => {
    await useAuthStore.getState().login('pat@example.com', 'wrong');
    const state = useAuthStore.getState();
    expect(state.error).toBe('incorrect email or password');
    expect(state.user).toBeNull();
    expect(state.isAuthenticated).toBe(false);
    expect(state.isLoading).toBe(false);
    expect(session.accessToken).toBeNull();
    expect(service.callsTo('GET /api/v1/users/me')).toHaveLength(0);
  });

  test('a validation error shows its detail; too many attempts show theirs', async () => {
    service.on('POST /api/v1/auth/login', () => error(422, 'email: not a valid email address', 'users_email_format'));
    await useAuthStore.getState().login('nope', 'x');
    expect(useAuthStore.getState().error).toBe('email: not a valid email address');

    service.on('POST /api/v1/auth/login', () => error(429, 'too many attempts; try again in 60 seconds', 'rate_limited'));
    await signIn();
    expect(useAuthStore.getState().error).toBe('too many attempts; try again in 60 seconds');
  });

  test('an unreachable service gives a plain sentence, never a stack', async () => {
    service.on('POST /api/v1/auth/login', () => {
      throw new TypeError('Network request failed');
    });
    await signIn();
    expect(useAuthStore.getState().error).toBe('The service cannot be reached. Check your connection.');
    expect(useAuthStore.getState().isAuthenticated).toBe(false);
  });

  test('a new login clears the previous error and the expired flag', async () => {
    useAuthStore.setState({ error: 'old', expired: true });
    await signIn();
    expect(useAuthStore.getState()).toMatchObject({ error: null, expired: false, isAuthenticated: true });
  });

  test('register creates the account, then signs in with it', async () => {
    service.on('POST /api/v1/auth/register', () => json(user({ role: 'owner' }), 201));
    service.on('GET /api/v1/users/me', requireToken(() => validAccess, () => json(user({ role: 'owner' }))));
    await useAuthStore.getState().register({
      email: 'pat@example.com', password: 'correct-horse-battery', full_name: 'Pat Example', role: 'owner',
    });
    expect(service.callsTo('POST /api/v1/auth/register')[0].body).toEqual({
      email: 'pat@example.com', password: 'correct-horse-battery', full_name: 'Pat Example', role: 'owner',
    });
    expect(useAuthStore.getState().user?.role).toBe('owner');
    expect(useAuthStore.getState().isAuthenticated).toBe(true);
  });

  test("a refused registration shows the service's detail", async () => {
    service.on('POST /api/v1/auth/register', () => error(409, 'an account with this email already exists', 'users_email_key'));
    await useAuthStore.getState().register({ email: 'pat@example.com', password: 'correct-horse-battery', full_name: 'P' });
    expect(useAuthStore.getState()).toMatchObject({
      error: 'an account with this email already exists', isAuthenticated: false, isLoading: false,
    });
    expect(service.callsTo('POST /api/v1/auth/login')).toHaveLength(0);
  });

  test('logout revokes the refresh token on the service and clears the user and the tokens', async () => {
    await signIn();
    await useAuthStore.getState().logout();
    expect(service.callsTo('POST /api/v1/auth/logout')[0].body).toEqual({ refresh_token: 'refresh-1' });
    expect(useAuthStore.getState()).toMatchObject({ user: null, isAuthenticated: false, error: null });
    expect(session.accessToken).toBeNull();
    expect(session.refreshToken).toBeNull();
  });

  test('logout signs out even when the service cannot be reached', async () => {
    await signIn();
    service.on('POST /api/v1/auth/logout', () => {
      throw new TypeError('Network request failed');
    });
    await useAuthStore.getState().logout();
    expect(useAuthStore.getState()).toMatchObject({ user: null, isAuthenticated: false });
    expect(session.accessToken).toBeNull();
  });

  test('an expired access token is refreshed once and the user still loads', async () => {
    await signIn();
    validAccess = 'access-2'; // access-1 has expired
    service.on('POST /api/v1/auth/refresh', (call) =>
      (call.body as { refresh_token: string }).refresh_token === 'refresh-1'
        ? json(tokenPair(2))
        : error(401, 'refresh token no longer valid', 'token_revoked'),
    );
    await Promise.all([useAuthStore.getState().fetchUser(), useAuthStore.getState().fetchUser()]);
    expect(service.callsTo('POST /api/v1/auth/refresh')).toHaveLength(1);
    expect(service.callsTo('POST /api/v1/auth/refresh')[0].authorization).toBeNull();
    expect(session.accessToken).toBe('access-2');
    expect(session.refreshToken).toBe('refresh-2');
    expect(useAuthStore.getState()).toMatchObject({ isAuthenticated: true, expired: false });
  });

  test('a session ended by a refused refresh signs the user out and sets expired', async () => {
    await signIn();
    validAccess = 'access-2';
    service.on('POST /api/v1/auth/refresh', () =>
      error(401, 'refresh token already used; the session was revoked, log in again', 'refresh_token_reused'),
    );
    await expect(useAuthStore.getState().fetchUser()).rejects.toMatchObject({ status: 401, code: 'token_expired' });
    expect(useAuthStore.getState()).toMatchObject({ user: null, isAuthenticated: false, expired: true });
    expect(session.accessToken).toBeNull();
    expect(service.callsTo('POST /api/v1/auth/refresh')).toHaveLength(1);
  });

  test('a refresh that cannot reach the service keeps the user signed in', async () => {
    await signIn();
    validAccess = 'access-2';
    service.on('POST /api/v1/auth/refresh', () => {
      throw new TypeError('Network request failed');
    });
    await expect(useAuthStore.getState().fetchUser()).rejects.toThrow();
    expect(useAuthStore.getState()).toMatchObject({ isAuthenticated: true, expired: false });
    expect(session.refreshToken).toBe('refresh-1');
  });

  test('at start-up a stored refresh token is spent and the user loaded; a refused one is forgotten', async () => {
    const load = jest.spyOn(SecureStore, 'getItemAsync').mockResolvedValue('refresh-stored');
    const clear = jest.spyOn(SecureStore, 'deleteItemAsync').mockResolvedValue();
    service.on('POST /api/v1/auth/refresh', () => json(tokenPair(1)));
    expect(await useAuthStore.getState().checkAuth()).toBe(true);
    expect(service.callsTo('POST /api/v1/auth/refresh')[0].body).toEqual({ refresh_token: 'refresh-stored' });
    expect(useAuthStore.getState()).toMatchObject({ isAuthenticated: true, isLoading: false, user: user() });

    await session.end();
    useAuthStore.setState({ user: null, isAuthenticated: false });
    clear.mockClear();
    service.on('POST /api/v1/auth/refresh', () => error(401, 'refresh token no longer valid', 'token_revoked'));
    expect(await useAuthStore.getState().checkAuth()).toBe(false);
    expect(clear).toHaveBeenCalled();
    expect(useAuthStore.getState()).toMatchObject({ isAuthenticated: false, isLoading: false, expired: false });

    load.mockResolvedValue(null);
    expect(await useAuthStore.getState().checkAuth()).toBe(false);
    load.mockRestore();
    clear.mockRestore();
  });
});
