// The payment calls both platforms make: the booking's PaymentIntent, and reading it back once paid
// (for clients that do not wait for Stripe's webhook).
import { api, type Schemas } from './api';
import { unwrap } from './errors';

export type PaymentIntent = Schemas['IntentOut'];
export type Payment = Schemas['PaymentOut'];

export async function createPaymentIntent(bookingId: string): Promise<PaymentIntent> {
  return unwrap(await api.POST('/api/v1/payments/intent', { body: { booking_id: bookingId } }));
}

export async function confirmPayment(paymentIntentId: string): Promise<Payment> {
  return unwrap(await api.POST('/api/v1/payments/confirm', { body: { payment_intent_id: paymentIntentId } }));
}

// 'use-web-form': the web pays in <WebPaymentForm> (Stripe's PaymentElement) instead of a sheet.
export type SheetResult = 'paid' | 'canceled' | 'use-web-form';
