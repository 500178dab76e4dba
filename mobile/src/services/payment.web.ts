// Payments on the web: no payment sheet; the screen shows <WebPaymentForm> (Stripe's PaymentElement,
// @stripe/react-stripe-js) with the intent's client secret.
import type { PaymentIntent, SheetResult } from './paymentApi';

export { confirmPayment, createPaymentIntent } from './paymentApi';
export type { Payment, PaymentIntent, SheetResult } from './paymentApi';

export async function presentPayment(intent: PaymentIntent): Promise<SheetResult> {
  void intent;
  return 'use-web-form';
}
