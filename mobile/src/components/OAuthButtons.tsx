// "Continue with Google / Facebook", shown only for the providers the service has configured
// (GET /api/v1/config). The provider signs the user in (OpenID Connect, in the system browser on
// phones, a pop-up on the web) and hands back an ID token meant for the service's client id; the
// service checks it and answers our own token pair (POST /auth/oauth/{provider}).
import * as AuthSession from 'expo-auth-session';
import * as WebBrowser from 'expo-web-browser';
import { useEffect } from 'react';
import { View } from 'react-native';

import type { Schemas } from '../services/api';
import { useAuthStore } from '../stores/authStore';
import { useConfigStore } from '../stores/configStore';
import { Button } from './ui';

WebBrowser.maybeCompleteAuthSession(); // closes the pop-up on the web when the provider redirects back

type Provider = Schemas['OAuthProvider'];

const ISSUERS: Record<Provider['name'], string> = {
  google: 'https://accounts.google.com',
  facebook: 'https://www.facebook.com',
};
const LABELS: Record<Provider['name'], string> = { google: 'Continue with Google', facebook: 'Continue with Facebook' };

function ProviderButton({ provider }: { provider: Provider }) {
  const oauthLogin = useAuthStore((state) => state.oauthLogin);
  const discovery = AuthSession.useAutoDiscovery(ISSUERS[provider.name]);
  const [request, response, promptAsync] = AuthSession.useAuthRequest(
    {
      clientId: provider.client_id,
      responseType: AuthSession.ResponseType.IdToken,
      scopes: ['openid', 'email', 'profile'],
      redirectUri: AuthSession.makeRedirectUri({ scheme: 'parkingspots' }),
      usePKCE: false,
    },
    discovery,
  );

  useEffect(() => {
    const idToken = response?.type === 'success' ? response.params.id_token : undefined;
    if (idToken) void oauthLogin(provider.name, idToken);
  }, [response, oauthLogin, provider.name]);

  return (
    <Button title={LABELS[provider.name]} variant="secondary" testID={`oauth-${provider.name}`}
      disabled={!request} onPress={() => void promptAsync()} />
  );
}

export function OAuthButtons() {
  const providers = useConfigStore((state) => state.config?.oauth_providers ?? []);
  if (providers.length === 0) return null;
  return (
    <View style={{ gap: 8 }} testID="oauth-buttons">
      {providers.map((provider) => (
        <ProviderButton key={provider.name} provider={provider} />
      ))}
    </View>
  );
}
