// Payments on phones: Stripe's payment sheet (@stripe/stripe-react-native; the app is wrapped in
// <PaymentsProvider>, which holds the publishable key). The web build uses payment.web.ts.
import { initPaymentSheet, PaymentSheetError, presentPaymentSheet } from '@stripe/stripe-react-native';

import { ApiError } from './errors';
import type { PaymentIntent, SheetResult } from './paymentApi';

export { confirmPayment, createPaymentIntent } from './paymentApi';
export type { Payment, PaymentIntent, SheetResult } from './paymentApi';

export async function presentPayment(intent: PaymentIntent): Promise<SheetResult> {
  const init = await initPaymentSheet({
    paymentIntentClientSecret: intent.client_secret,
    merchantDisplayName: 'ParkingSpots',
    returnURL: 'parkingspots://stripe-redirect',
  });
  if (init.error) throw new ApiError(402, init.error.message, 'payment_sheet');
  const shown = await presentPaymentSheet();
  if (shown.error?.code === PaymentSheetError.Canceled) return 'canceled';
  if (shown.error) throw new ApiError(402, shown.error.message, 'payment_failed');
  return 'paid';
}
