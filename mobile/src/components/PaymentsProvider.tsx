// Phones: Stripe's provider for the payment sheet, with the publishable key the service announces
// (GET /api/v1/config). Without payments the app renders as is. Mounted once in App.tsx.
import { StripeProvider } from '@stripe/stripe-react-native';
import type { ReactNode } from 'react';

import { useConfigStore } from '../stores/configStore';

export function PaymentsProvider({ children }: { children: ReactNode }) {
  const payments = useConfigStore((s) => s.config?.payments);
  if (!payments?.enabled || !payments.publishable_key) return <>{children}</>;
  return (
    <StripeProvider publishableKey={payments.publishable_key} urlScheme="parkingspots" merchantIdentifier="merchant.com.parkingspots">
      <>{children}</>
    </StripeProvider>
  );
}
