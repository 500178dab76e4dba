// Paying what a booking owes: the booking's PaymentIntent (POST /payments/intent with its id — the
// booking itself while it is pending, an extension of a paid booking once that is due), then
// Stripe's payment sheet on phones or the PaymentElement form on the web, then the service reads the
// payment back (/payments/confirm). Used by the booking flow and the booking detail screen.
import { useState } from 'react';
import { View } from 'react-native';

import { messageOf } from '../services/errors';
import { confirmPayment, createPaymentIntent, presentPayment, type PaymentIntent } from '../services/payment';
import { formatMoney } from './format';
import { Button, Card, ErrorText, Heading, Muted } from './ui';
import { WebPaymentForm } from './WebPaymentForm';

// The card's own testIDs; the defaults are the booking flow's.
export interface PayCardTestIDs {
  card: string;
  text: string;
  button: string;
  error: string;
}

export const PAY_CARD_TEST_IDS: PayCardTestIDs = {
  card: 'payment-step',
  text: 'payment-text',
  button: 'pay-button',
  error: 'payment-error',
};

interface Props {
  title: string;
  explanation: string;
  amount: number; // cents, shown on the button
  bookingId: string;
  publishableKey: string | null; // the web form needs it (GET /api/v1/config)
  onPaid: () => void;
  testIDs?: PayCardTestIDs;
}

export function PayCard({ title, explanation, amount, bookingId, publishableKey, onPaid, testIDs = PAY_CARD_TEST_IDS }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [webIntent, setWebIntent] = useState<PaymentIntent | null>(null);

  const settle = async (paymentIntentId: string) => {
    setBusy(true);
    try {
      const payment = await confirmPayment(paymentIntentId);
      if (payment.status === 'succeeded' || payment.status === 'processing') onPaid();
      else setError(payment.failure_message ?? `The payment is ${payment.status}.`);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const pay = async () => {
    setBusy(true);
    setError(null);
    try {
      const intent = await createPaymentIntent(bookingId);
      const result = await presentPayment(intent);
      if (result === 'use-web-form') setWebIntent(intent);
      else if (result === 'paid') await settle(intent.payment_intent_id);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card testID={testIDs.card}>
      <Heading>{title}</Heading>
      <Muted testID={testIDs.text}>{explanation}</Muted>
      <ErrorText message={error} testID={testIDs.error} />
      {webIntent && publishableKey ? (
        <View>
          <WebPaymentForm publishableKey={publishableKey} clientSecret={webIntent.client_secret}
            onPaid={(id) => void settle(id)} />
        </View>
      ) : (
        <Button title={`Pay ${formatMoney(amount)}`} testID={testIDs.button} loading={busy} onPress={() => void pay()} />
      )}
    </Card>
  );
}
