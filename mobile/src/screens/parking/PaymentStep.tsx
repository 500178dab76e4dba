// Paying a pending booking: the booking's total through <PayCard> (its PaymentIntent, Stripe's
// payment sheet on phones or the PaymentElement form on the web, then /payments/confirm).
import { formatMoney, formatTime } from '../../components/format';
import { PayCard } from '../../components/PayCard';
import type { Booking } from '../../services/parkingSpot';

interface Props {
  booking: Booking;
  publishableKey: string | null;
  onPaid: () => void;
}

export function PaymentStep({ booking, publishableKey, onPaid }: Props) {
  const until = booking.hold_expires_at ? ` until ${formatTime(booking.hold_expires_at)}` : '';
  return (
    <PayCard
      title="Pay to confirm"
      explanation={`Your booking is reserved${until}: pay ${formatMoney(booking.total_amount)} to confirm it.`}
      amount={booking.total_amount}
      bookingId={booking.id}
      publishableKey={publishableKey}
      onPaid={onPaid}
    />
  );
}
