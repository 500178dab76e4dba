// Web: nothing to provide app-wide; <WebPaymentForm> loads Stripe.js with the publishable key when a
// payment is made. Same API as PaymentsProvider.tsx (phones), mounted once in App.tsx.
import type { ReactNode } from 'react';

export function PaymentsProvider({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
