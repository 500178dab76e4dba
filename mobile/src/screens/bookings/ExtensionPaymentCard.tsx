// Paying for an extension of a paid booking (payments on; the booking's pending_extension): what it
// costs, by when, and the end the booking goes back to if it is not paid, with <PayCard> (POST /payments/intent with the booking's
// id gives the extension's own PaymentIntent). For the renter while the booking stands and the
// payment is still due; nothing otherwise (payments off: an extension has nothing to pay).
import { formatDateTime, formatMoney } from '../../components/format';
import { PayCard, type PayCardTestIDs } from '../../components/PayCard';
import type { Booking } from '../../services/booking';

const TEST_IDS: PayCardTestIDs = {
  card: 'extension-payment',
  text: 'extension-payment-text',
  button: 'extension-pay-button',
  error: 'extension-payment-error',
};

interface Props {
  booking: Booking;
  isRenter: boolean;
  timeZone: string | undefined;
  now: number;
  publishableKey: string | null;
  onPaid: () => void; // the extension holds now: read the booking again
}

export function ExtensionPaymentCard({ booking, isRenter, timeZone, now, publishableKey, onPaid }: Props) {
  const due = booking.pending_extension;
  const stands = booking.status === 'confirmed' || booking.status === 'in_progress';
  if (!due || !isRenter || !stands || now >= Date.parse(due.payment_due_by)) return null;

  return (
    <PayCard
      title="Pay for the extension"
      explanation={
        `The extension costs ${formatMoney(due.amount)}: pay by ${formatDateTime(due.payment_due_by, timeZone)}; ` +
        `unpaid, the booking goes back to end at ${formatDateTime(due.previous_end, timeZone)}.`
      }
      amount={due.amount}
      bookingId={booking.id}
      publishableKey={publishableKey}
      onPaid={onPaid}
      testIDs={TEST_IDS}
    />
  );
}
