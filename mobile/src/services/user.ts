// The signed-in account (GET/PATCH /users/me, POST /users/me/password) and an owner's payouts
// account (Stripe Connect). Screens call these and show messageOf(error) when they throw.
import { api, session, type Schemas } from './api';
import { unwrap } from './errors';

export type User = Schemas['UserOut'];
export type ProfilePatch = Schemas['ProfilePatch'];
export type ConnectStatus = Schemas['ConnectStatusOut'];
export type Onboarding = Schemas['OnboardOut'];

export async function getMe(): Promise<User> {
  return unwrap(await api.GET('/api/v1/users/me'));
}

export async function updateMe(patch: ProfilePatch): Promise<User> {
  return unwrap(await api.PATCH('/api/v1/users/me', { body: patch }));
}

// The service ends every other session and answers with a new token pair for this one (the old
// access token stops working): the session goes on with the new pair.
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  const pair = unwrap(await api.POST('/api/v1/users/me/password', {
    body: { current_password: currentPassword, new_password: newPassword },
  }));
  await session.start({ accessToken: pair.access_token, refreshToken: pair.refresh_token });
}

export async function getConnectStatus(): Promise<ConnectStatus> {
  return unwrap(await api.GET('/api/v1/payments/connect/status'));
}

// Creates (or reuses) the owner's Express account; `url` is where Stripe finishes onboarding.
export async function startConnectOnboarding(): Promise<Onboarding> {
  return unwrap(await api.POST('/api/v1/payments/connect/onboard'));
}
