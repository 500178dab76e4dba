// What a booking costs: parking, service fee, total, the owner's payout (for the owner only), how
// its payment stands, what the renter's card was charged and got back (the service's ledger), a
// refund that could not be sent yet, and, right after an extension, the new end and the amount it added.
import { StyleSheet, Text } from 'react-native';

import { formatDateTime, formatMoney } from '../../components/format';
import { Card, Heading, Row, colors } from '../../components/ui';
import type { Booking } from '../../services/booking';

const PAYMENT_LABELS: Record<Booking['payment_status'], string> = {
  pending: 'Waiting for payment',
  not_required: 'No payment taken (payments are off)',
  paid: 'Paid',
  failed: 'Payment failed',
  expired: 'Payment window expired',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

function Line({ label, value, testID, strong }: { label: string; value: string; testID?: string; strong?: boolean }) {
  return (
    <Row style={styles.line}>
      <Text style={[styles.lineLabel, strong && styles.strong]}>{label}</Text>
      <Text style={[styles.lineValue, strong && styles.strong]} testID={testID}>
        {value}
      </Text>
    </Row>
  );
}

interface Props {
  booking: Booking;
  isRenter: boolean;
  timeZone: string | undefined;
  amountDue: number | null; // what this device's extension added; null: none
}

export function PriceCard({ booking, isRenter, timeZone, amountDue }: Props) {
  const ended = booking.status === 'cancelled' || booking.status === 'refunded';
  return (
    <Card>
      <Heading>Price</Heading>
      <Line label="Parking" value={formatMoney(booking.subtotal)} />
      <Line label="Service fee" value={formatMoney(booking.service_fee)} />
      <Line label="Total" value={formatMoney(booking.total_amount)} testID="booking-total" strong />
      {!isRenter ? <Line label="Your payout" value={formatMoney(booking.owner_payout)} /> : null}
      <Line label="Payment" value={PAYMENT_LABELS[booking.payment_status]} testID="booking-payment-status" />
      {booking.amount_charged > 0 ? (
        <Line label="Charged" value={formatMoney(booking.amount_charged)} testID="booking-amount-charged" />
      ) : null}
      {booking.amount_refunded > 0 ? (
        <Line label="Refunded" value={formatMoney(booking.amount_refunded)} testID="booking-amount-refunded" />
      ) : null}
      {booking.refund_owed > 0 ? (
        <Text style={styles.owed} testID="booking-refund-owed">
          {isRenter
            ? `Refund owed: ${formatMoney(booking.refund_owed)} — it could not be sent to your card; we are on it`
            : `Refund owed to the renter: ${formatMoney(booking.refund_owed)} — it could not be sent to their card; we are on it`}
        </Text>
      ) : null}
      {amountDue !== null && !ended ? (
        <Text style={styles.notice} testID="booking-extend-result">
          Extended to {formatDateTime(booking.end_time, timeZone)}. Amount due: {formatMoney(amountDue)}
        </Text>
      ) : null}
    </Card>
  );
}

const styles = StyleSheet.create({
  line: { justifyContent: 'space-between', flexWrap: 'nowrap' },
  lineLabel: { color: colors.muted, fontSize: 15 },
  lineValue: { color: colors.text, fontSize: 15 },
  strong: { fontWeight: '700', color: colors.text },
  notice: { color: colors.success, fontSize: 14, marginTop: 4 },
  owed: { color: colors.danger, fontSize: 14, marginTop: 4 },
});
