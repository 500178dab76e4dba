import Constants from 'expo-constants';
import * as WebBrowser from 'expo-web-browser';
import { useEffect, useState } from 'react';
import { Text } from 'react-native';

import { Button, Card, ErrorText, Heading, Loading, Muted, Screen, colors, styles } from '../../components/ui';
import { API_URL, TILE_URL } from '../../services/config';
import { messageOf } from '../../services/errors';
import { getConnectStatus, startConnectOnboarding, type ConnectStatus } from '../../services/user';
import { useAuthStore } from '../../stores/authStore';
import { paymentsEnabled, useConfigStore } from '../../stores/configStore';

const VERSION = Constants.expoConfig?.version ?? '1.0.0';

export default function SettingsScreen() {
  const user = useAuthStore((state) => state.user);
  const config = useConfigStore((state) => state.config);
  const loadConfig = useConfigStore((state) => state.load);
  const payments = paymentsEnabled(config);
  const isOwner = user?.role === 'owner' || user?.role === 'admin';

  useEffect(() => {
    if (config === null) void loadConfig();
  }, [config, loadConfig]);

  return (
    <Screen testID="settings-screen">
      <Heading>Server</Heading>
      <Card>
        <Muted>API in use</Muted>
        <Text style={styles.heading} testID="settings-api-url" selectable>
          {API_URL}
        </Text>
        <Muted>Map tiles: {TILE_URL ? TILE_URL : 'none (offline map: spots and pins on a plain grid)'}</Muted>
      </Card>

      <Heading>Payments</Heading>
      <Card>
        <Text style={[styles.heading, { marginTop: 0, color: payments ? colors.success : colors.muted }]} testID="settings-payments">
          {config === null ? 'Checking…' : payments ? 'Payments are on (Stripe)' : 'Payments are not configured on this server'}
        </Text>
        <Muted>
          {payments
            ? 'Renters pay when they book; refunds go back to their card.'
            : 'Bookings are confirmed without payment. Payouts to owners need payments configured on the server (Stripe keys).'}
        </Muted>
      </Card>

      {isOwner ? <Payouts enabled={payments} /> : null}

      <Heading>About</Heading>
      <Card>
        <Muted testID="settings-version">ParkingSpots {VERSION}</Muted>
        {user ? <Muted>Signed in as {user.email}</Muted> : null}
      </Card>
    </Screen>
  );
}

// An owner's Stripe Connect account: where their payouts go.
function Payouts({ enabled }: { enabled: boolean }) {
  const [status, setStatus] = useState<ConnectStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    getConnectStatus().then(
      (answer) => live && setStatus(answer),
      (failure: unknown) => live && setError(messageOf(failure)),
    );
    return () => {
      live = false;
    };
  }, [enabled]);

  const onboard = async () => {
    setOpening(true);
    setError(null);
    try {
      const { url } = await startConnectOnboarding();
      await WebBrowser.openBrowserAsync(url);
      setStatus(await getConnectStatus()); // back from Stripe: how far it got
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setOpening(false);
    }
  };

  return (
    <>
      <Heading>Payouts</Heading>
      <Card testID="settings-payouts">
        {!enabled ? (
          <Muted testID="settings-payouts-off">Payouts need payments configured on the server.</Muted>
        ) : status === null && error === null ? (
          <Loading />
        ) : status ? (
          <Muted testID="settings-connect-status">
            {status.account_id === null
              ? 'No payout account yet: set one up with Stripe to receive your earnings.'
              : status.payouts_enabled
                ? 'Your Stripe account receives payouts.'
                : 'Your Stripe account is not finished yet: Stripe needs more details before it pays out.'}
          </Muted>
        ) : null}
        <ErrorText message={error} testID="settings-connect-error" />
        {enabled && !status?.payouts_enabled ? (
          <Button title={status?.account_id ? 'Continue Stripe onboarding' : 'Set up payouts with Stripe'}
            testID="settings-connect-onboard" loading={opening} onPress={() => void onboard()} />
        ) : null}
      </Card>
    </>
  );
}
