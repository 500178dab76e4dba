// Cancel a booking that has not started (its renter or its spot's owner): the policy, then a
// confirmation showing the refund a cancel now gives before it is sent, with an optional reason.
// Nothing once it cannot be cancelled.
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { formatMoney } from '../../components/format';
import { Button, Card, Field, Heading, Muted, Row, colors } from '../../components/ui';
import { canCancel, cancelBooking, refundAmountNow, refundPercentNow, type Booking } from '../../services/booking';
import { useBookingStore } from '../../stores/bookingStore';
import type { BookingAction, RunAction } from './useBookingActions';

interface Props {
  booking: Booking;
  byOwner: boolean; // the spot's owner cancels: the renter gets everything back
  now: number;
  busy: BookingAction | null;
  run: RunAction;
  onError: (message: string | null) => void;
}

export function CancelSection({ booking, byOwner, now, busy, run, onError }: Props) {
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [reason, setReason] = useState('');
  if (!canCancel(booking, now)) return null;

  const refundPercent = refundPercentNow(booking, byOwner, now);
  const refundAmount = refundAmountNow(booking, byOwner, now);

  const doCancel = () =>
    run('cancel', async () => {
      const answer = await cancelBooking(booking.id, reason);
      useBookingStore.getState().cancelled(answer);
      setConfirmingCancel(false);
    });

  return (
    <Card>
      <Heading>Cancel</Heading>
      <Muted>
        {byOwner
          ? 'When you cancel a booking of your spot, the renter gets everything back (100 %).'
          : 'Cancellation policy: a full refund (100 %) up to 24 hours before the start, 50 % after that; no cancelling once it has started.'}
      </Muted>
      {confirmingCancel ? (
        <View style={styles.confirm} testID="cancel-confirmation">
          <Text style={styles.strong} testID="cancel-refund-preview">
            Cancel now: refund {formatMoney(refundAmount)} ({refundPercent} %)
            {booking.payment_status !== 'paid' ? ' — nothing was paid' : ''}
          </Text>
          <Field
            label="Reason (optional)"
            value={reason}
            onChangeText={setReason}
            testID="cancel-reason"
          />
          <Row>
            <View style={styles.flex}>
              <Button
                title="Yes, cancel"
                variant="danger"
                onPress={() => void doCancel()}
                disabled={busy !== null}
                loading={busy === 'cancel'}
                testID="cancel-confirm"
              />
            </View>
            <View style={styles.flex}>
              <Button
                title="Keep it"
                variant="secondary"
                onPress={() => setConfirmingCancel(false)}
                disabled={busy === 'cancel'}
                testID="cancel-dismiss"
              />
            </View>
          </Row>
        </View>
      ) : (
        <Button
          title="Cancel booking"
          variant="danger"
          onPress={() => {
            onError(null);
            setConfirmingCancel(true);
          }}
          disabled={busy !== null}
          testID="booking-cancel"
        />
      )}
    </Card>
  );
}

const styles = StyleSheet.create({
  strong: { fontWeight: '700', color: colors.text },
  confirm: { gap: 10 },
  flex: { flex: 1 },
});
