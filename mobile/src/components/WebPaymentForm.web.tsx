// Web payment: Stripe's PaymentElement (@stripe/react-stripe-js) for the intent's client secret.
// Stripe.js is loaded only when this form is shown ('pure' entry: no script on page load).
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { useEffect, useState } from 'react';
import { View } from 'react-native';

import { Button, ErrorText, Muted } from './ui';

export interface WebPaymentFormProps {
  publishableKey: string;
  clientSecret: string;
  onPaid: (paymentIntentId: string) => void;
}

const loaded = new Map<string, Promise<Stripe | null>>();

function stripeFor(key: string): Promise<Stripe | null> {
  let found = loaded.get(key);
  if (!found) {
    // null when Stripe.js cannot be loaded (offline); a failed load is tried again next time
    found = loadStripe(key).catch(() => {
      loaded.delete(key);
      return null;
    });
    loaded.set(key, found);
  }
  return found;
}

function Form({ onPaid }: { onPaid: (paymentIntentId: string) => void }) {
  const stripe = useStripe();
  const elements = useElements();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pay = async () => {
    if (!stripe || !elements) return;
    setBusy(true);
    setError(null);
    const result = await stripe.confirmPayment({ elements, redirect: 'if_required' });
    setBusy(false);
    if (result.error) setError(result.error.message ?? 'The payment was refused.');
    else if (result.paymentIntent) onPaid(result.paymentIntent.id);
  };

  return (
    <View style={{ gap: 12 }} testID="web-payment-form">
      <PaymentElement />
      <ErrorText message={error} testID="payment-error" />
      <Button title="Pay now" testID="pay-submit" loading={busy} disabled={!stripe || !elements} onPress={() => void pay()} />
    </View>
  );
}

export function WebPaymentForm({ publishableKey, clientSecret, onPaid }: WebPaymentFormProps) {
  const [stripe] = useState(() => stripeFor(publishableKey));
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void stripe.then((loaded) => setFailed(!loaded));
  }, [stripe]);
  if (failed) {
    return <ErrorText message="Stripe could not be loaded. Check your connection and try again." testID="payment-error" />;
  }
  return (
    <View style={{ gap: 8 }}>
      <Muted>Card details are sent to Stripe, never to ParkingSpots.</Muted>
      <Elements stripe={stripe} options={{ clientSecret }}>
        <Form onPaid={onPaid} />
      </Elements>
    </View>
  );
}
