// A cancelled (or refunded) booking's outcome: the refund (with the percent this device's cancel
// was answered, else the one the amounts give), why nothing came back if nothing was paid, when and
// why it was cancelled. Nothing while the booking stands.
import { StyleSheet, Text } from 'react-native';

import { formatDateTime, formatMoney } from '../../components/format';
import { Card, Heading, Muted, colors } from '../../components/ui';
import { isPaid, refundPercentOf, type Booking } from '../../services/booking';
import { useBookingStore } from '../../stores/bookingStore';

export function CancellationCard({ booking, timeZone }: { booking: Booking; timeZone: string | undefined }) {
  const cancelResult = useBookingStore((state) => state.cancelResults[booking.id]);
  if (booking.status !== 'cancelled' && booking.status !== 'refunded') return null;

  const shownPercent = cancelResult?.percent ?? refundPercentOf(booking);
  const shownAmount = cancelResult?.amount ?? booking.refund_amount;
  return (
    <Card testID="booking-cancelled">
      <Heading>Cancelled</Heading>
      <Text style={styles.strong} testID="booking-refund">
        Refund: {formatMoney(shownAmount)}
        {shownPercent !== null ? ` (${shownPercent} %)` : ''}
      </Text>
      {!isPaid(booking) ? <Muted>Nothing was paid for this booking, so nothing is sent back.</Muted> : null}
      {booking.cancelled_at ? <Muted>Cancelled {formatDateTime(booking.cancelled_at, timeZone)}</Muted> : null}
      {booking.cancellation_reason ? <Muted>Reason: {booking.cancellation_reason}</Muted> : null}
    </Card>
  );
}

const styles = StyleSheet.create({
  strong: { fontWeight: '700', color: colors.text },
});
