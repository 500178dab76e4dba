// Paying a pending booking: the booking's PaymentIntent, then Stripe's payment sheet on phones or
// the PaymentElement form on the web, then the service reads the payment back (/payments/confirm).
import { useState } from 'react';
import { View } from 'react-native';

import { formatMoney, formatTime } from '../../components/format';
import { Button, Card, ErrorText, Heading, Muted } from '../../components/ui';
import { WebPaymentForm } from '../../components/WebPaymentForm';
import { messageOf } from '../../services/errors';
import type { Booking } from '../../services/parkingSpot';
import { confirmPayment, createPaymentIntent, presentPayment, type PaymentIntent } from '../../services/payment';

interface Props {
  booking: Booking;
  publishableKey: string | null;
  onPaid: () => void;
}

export function PaymentStep({ booking, publishableKey, onPaid }: Props) {
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
      const intent = await createPaymentIntent(booking.id);
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
    <Card testID="payment-step">
      <Heading>Pay to confirm</Heading>
      <Muted>
        Your booking is reserved{booking.hold_expires_at ? ` until ${formatTime(booking.hold_expires_at)}` : ''}: pay{' '}
        {formatMoney(booking.total_amount)} to confirm it.
      </Muted>
      <ErrorText message={error} testID="payment-error" />
      {webIntent && publishableKey ? (
        <View>
          <WebPaymentForm publishableKey={publishableKey} clientSecret={webIntent.client_secret}
            onPaid={(id) => void settle(id)} />
        </View>
      ) : (
        <Button title={`Pay ${formatMoney(booking.total_amount)}`} testID="pay-button" loading={busy} onPress={() => void pay()} />
      )}
    </Card>
  );
}
