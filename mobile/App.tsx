// Application root: loads the service's configuration, resumes a stored session, then shows the
// navigator. The real-time connection follows the signed-in user (services/realtime.ts).
import { StatusBar } from 'expo-status-bar';
import { useEffect, useState } from 'react';
import { SafeAreaProvider } from 'react-native-safe-area-context';

import { PaymentsProvider } from './src/components/PaymentsProvider';
import { Loading } from './src/components/ui';
import { AppNavigator } from './src/navigation';
import './src/stores/realtimeConnection';
import { useAuthStore } from './src/stores/authStore';
import { useConfigStore } from './src/stores/configStore';

export default function App() {
  const [ready, setReady] = useState(false);

  useEffect(() => {
    void Promise.all([useConfigStore.getState().load(), useAuthStore.getState().checkAuth()]).finally(() =>
      setReady(true),
    );
  }, []);

  return (
    <SafeAreaProvider>
      <StatusBar style="dark" />
      {ready ? (
        <PaymentsProvider>
          <AppNavigator />
        </PaymentsProvider>
      ) : (
        <Loading testID="app-loading" />
      )}
    </SafeAreaProvider>
  );
}
