// One booking (seed 4.4): its status (live), window, price and payment, the access code for its
// renter, and what can be done with it now: extend, cancel (with the refund the policy gives,
// shown before confirming), check in / out, review after completion. Its spot's owner sees it too
// (from Bookings of my spots) and may cancel it; owners never see the access code.
import { useCallback, useEffect, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { formatDateTime, formatMoney } from '../../components/format';
import { Button, Card, ErrorText, Field, Heading, Loading, Muted, Row, Screen, Title, colors } from '../../components/ui';
import { formatWindow, formatZoned, parseZoned, zoneName } from '../../components/zonedTime';
import type { BookingsScreenProps } from '../../navigation/types';
import {
  canCancel,
  canCheckIn,
  canCheckOut,
  canExtend,
  cancelBooking,
  checkIn,
  checkInOpensAt,
  checkOut,
  extendBooking,
  getAccess,
  isPaid,
  refundAmountNow,
  refundPercentNow,
  refundPercentOf,
  type Booking,
  type BookingAccess,
} from '../../services/booking';
import { messageOf } from '../../services/errors';
import { useRealtimeEvent } from '../../services/realtime';
import { useAuthStore } from '../../stores/authStore';
import { useBookingStore } from '../../stores/bookingStore';
import { StatusBadge } from './StatusBadge';

type Action = 'cancel' | 'extend' | 'check-in' | 'check-out';

const PAYMENT_LABELS: Record<Booking['payment_status'], string> = {
  pending: 'Waiting for payment',
  not_required: 'No payment taken (payments are off)',
  paid: 'Paid',
  failed: 'Payment failed',
  expired: 'Payment window expired',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

// Re-render now and then: whether check-in is open and what a cancel gives back depend on the time.
function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

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

export default function BookingDetailScreen({ navigation, route }: BookingsScreenProps<'BookingDetail'>) {
  const { bookingId } = route.params;
  const booking = useBookingStore((state) => state.byId[bookingId]);
  const spot = useBookingStore((state) => (booking ? state.spots[booking.parking_spot_id] : undefined));
  const myReviews = useBookingStore((state) => state.myReviews);
  const cancelResult = useBookingStore((state) => state.cancelResults[bookingId]);
  const me = useAuthStore((state) => state.user);
  const now = useNow();

  const [loading, setLoading] = useState(!booking);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Action | null>(null);
  // the access code, with the status it was read for
  const [access, setAccess] = useState<{ status: string; answer: BookingAccess | null } | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [reason, setReason] = useState('');
  const [extendEdit, setExtendEdit] = useState<string | null>(null); // null: the proposed time
  const [amountDue, setAmountDue] = useState<number | null>(null);

  const isRenter = !!booking && !!me && booking.user_id === me.id;
  const timeZone = spot?.timezone;
  const status = booking?.status;

  const load = useCallback(
    () =>
      useBookingStore
        .getState()
        .loadBooking(bookingId)
        .then(
          () => setLoadError(null),
          (caught: unknown) => setLoadError(messageOf(caught)),
        )
        .finally(() => setLoading(false)),
    [bookingId],
  );

  useEffect(() => {
    void load();
  }, [load]);

  // Events were missed: read it again.
  useRealtimeEvent('resync', () => void load());

  // The access code: the renter's, once confirmed (asked again when the status moves on).
  const accessible = isRenter && (status === 'confirmed' || status === 'in_progress');
  useEffect(() => {
    if (!accessible || !status) return;
    let current = true;
    getAccess(bookingId)
      .then((answer) => current && setAccess({ status, answer }))
      .catch(() => current && setAccess({ status, answer: null }));
    return () => {
      current = false;
    };
  }, [bookingId, accessible, status]);
  const accessCode = accessible && access?.status === status ? access.answer : null;

  // Which completed bookings I reviewed already.
  useEffect(() => {
    if (isRenter && status === 'completed' && myReviews === null) {
      useBookingStore.getState().loadMyReviews().catch((caught: unknown) => setError(messageOf(caught)));
    }
  }, [isRenter, status, myReviews]);

  // The extension field proposes one hour after the current end, on the spot's clock.
  const extendUntil =
    extendEdit ?? (booking ? formatZoned(new Date(Date.parse(booking.end_time) + 3_600_000), timeZone) : '');

  const run = async (action: Action, work: () => Promise<void>) => {
    setBusy(action);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  if (!booking) {
    return (
      <Screen testID="booking-detail-screen">
        {loading ? <Loading testID="booking-loading" /> : <ErrorText message={loadError} testID="booking-error" />}
      </Screen>
    );
  }

  const store = useBookingStore.getState();
  const byOwner = !isRenter;
  const cancellable = canCancel(booking, now);
  const refundPercent = refundPercentNow(booking, byOwner, now);
  const refundAmount = refundAmountNow(booking, byOwner, now);
  const ended = booking.status === 'cancelled' || booking.status === 'refunded';
  const shownPercent = cancelResult?.percent ?? refundPercentOf(booking);
  const shownAmount = cancelResult?.amount ?? booking.refund_amount;
  const myReview = myReviews?.[booking.id];
  const showCheckIn = isRenter && (booking.status === 'confirmed' || (booking.status === 'in_progress' && !booking.checked_in_at));

  const doCancel = () =>
    run('cancel', async () => {
      const answer = await cancelBooking(booking.id, reason);
      store.cancelled(answer);
      setConfirmingCancel(false);
    });

  const doExtend = () => {
    const until = parseZoned(extendUntil, timeZone);
    if (!until) {
      setError('Type the new end as YYYY-MM-DD HH:mm, for example 2030-05-02 18:30.');
      return;
    }
    void run('extend', async () => {
      const answer = await extendBooking(booking.id, until);
      const { amount_due: due, ...extended } = answer;
      store.put(extended);
      setAmountDue(due);
      setExtendEdit(null);
    });
  };

  const doCheck = (action: 'check-in' | 'check-out') =>
    run(action, async () => {
      store.put(await (action === 'check-in' ? checkIn(booking.id) : checkOut(booking.id)));
    });

  return (
    <Screen testID="booking-detail-screen">
      <Title>{spot?.title ?? 'Parking spot'}</Title>
      {spot?.address ? <Muted>{spot.address}</Muted> : null}

      <Card>
        <Row style={styles.between}>
          <Text style={styles.label}>Status</Text>
          <StatusBadge status={booking.status} testID="booking-status" />
        </Row>
        <Text style={styles.window} testID="booking-window">
          {formatWindow(booking.start_time, booking.end_time, timeZone)}
        </Text>
        <Muted>
          {timeZone ? `Times in the spot's time zone (${timeZone}, ${zoneName(booking.start_time, timeZone)})` : 'Times in your time zone'}
        </Muted>
        {booking.checked_in_at ? <Muted>Checked in {formatDateTime(booking.checked_in_at, timeZone)}</Muted> : null}
        {booking.checked_out_at ? <Muted>Checked out {formatDateTime(booking.checked_out_at, timeZone)}</Muted> : null}
        {booking.status === 'pending' && booking.hold_expires_at ? (
          <Muted>Held for you until {formatDateTime(booking.hold_expires_at, timeZone)}: pay before then.</Muted>
        ) : null}
        {!isRenter ? <Muted testID="booking-owner-view">A booking of your spot.</Muted> : null}
      </Card>

      <Card>
        <Heading>Price</Heading>
        <Line label="Parking" value={formatMoney(booking.subtotal)} />
        <Line label="Service fee" value={formatMoney(booking.service_fee)} />
        <Line label="Total" value={formatMoney(booking.total_amount)} testID="booking-total" strong />
        {!isRenter ? <Line label="Your payout" value={formatMoney(booking.owner_payout)} /> : null}
        <Line label="Payment" value={PAYMENT_LABELS[booking.payment_status]} testID="booking-payment-status" />
        {amountDue !== null && !ended ? (
          <Text style={styles.notice} testID="booking-extend-result">
            Extended to {formatDateTime(booking.end_time, timeZone)}. Amount due: {formatMoney(amountDue)}
          </Text>
        ) : null}
      </Card>

      {ended ? (
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
      ) : null}

      {accessCode ? (
        <Card testID="booking-access">
          <Heading>Access</Heading>
          <Muted>Your access code</Muted>
          <Text style={styles.code} testID="booking-access-code">
            {accessCode.access_code}
          </Text>
          {accessCode.access_instructions ? <Text style={styles.text}>{accessCode.access_instructions}</Text> : null}
          <Muted>
            {accessCode.address}, {accessCode.city}
          </Muted>
        </Card>
      ) : null}

      <ErrorText message={error ?? loadError} testID="booking-error" />

      {showCheckIn || (isRenter && canCheckOut(booking)) ? (
        <Card>
          <Heading>Arrive and leave</Heading>
          {showCheckIn ? (
            <>
              <Button
                title="Check in"
                onPress={() => void doCheck('check-in')}
                disabled={busy !== null || !canCheckIn(booking, now)}
                loading={busy === 'check-in'}
                testID="booking-check-in"
              />
              {now < checkInOpensAt(booking) ? (
                <Muted>Check-in opens {formatDateTime(new Date(checkInOpensAt(booking)).toISOString(), timeZone)}.</Muted>
              ) : null}
            </>
          ) : null}
          {isRenter && canCheckOut(booking) ? (
            <Button
              title="Check out"
              onPress={() => void doCheck('check-out')}
              disabled={busy !== null}
              loading={busy === 'check-out'}
              testID="booking-check-out"
            />
          ) : null}
        </Card>
      ) : null}

      {isRenter && canExtend(booking) ? (
        <Card>
          <Heading>Extend</Heading>
          <Field
            label={`New end (YYYY-MM-DD HH:mm${timeZone ? `, ${zoneName(booking.end_time, timeZone)}` : ''})`}
            value={extendUntil}
            onChangeText={setExtendEdit}
            autoCapitalize="none"
            autoCorrect={false}
            testID="booking-extend-until"
          />
          <Button
            title="Extend"
            variant="secondary"
            onPress={doExtend}
            disabled={busy !== null}
            loading={busy === 'extend'}
            testID="booking-extend"
          />
        </Card>
      ) : null}

      {cancellable ? (
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
                setError(null);
                setConfirmingCancel(true);
              }}
              disabled={busy !== null}
              testID="booking-cancel"
            />
          )}
        </Card>
      ) : null}

      {isRenter && booking.status === 'completed' ? (
        <Card>
          <Heading>Review</Heading>
          {myReviews === null ? (
            <Loading testID="booking-review-loading" />
          ) : myReview ? (
            <Text style={styles.text} testID="booking-reviewed">
              Reviewed: {'★'.repeat(myReview.overall_rating)}
              {'☆'.repeat(5 - myReview.overall_rating)}
            </Text>
          ) : (
            <Button
              title="Write a review"
              onPress={() => navigation.navigate('WriteReview', { bookingId: booking.id, spotId: booking.parking_spot_id })}
              testID="booking-review"
            />
          )}
        </Card>
      ) : null}
    </Screen>
  );
}

const styles = StyleSheet.create({
  between: { justifyContent: 'space-between' },
  label: { fontSize: 17, fontWeight: '600', color: colors.text },
  window: { fontSize: 16, fontWeight: '600', color: colors.text },
  line: { justifyContent: 'space-between', flexWrap: 'nowrap' },
  lineLabel: { color: colors.muted, fontSize: 15 },
  lineValue: { color: colors.text, fontSize: 15 },
  strong: { fontWeight: '700', color: colors.text },
  notice: { color: colors.success, fontSize: 14, marginTop: 4 },
  code: { fontSize: 28, fontWeight: '700', letterSpacing: 4, color: colors.text },
  text: { fontSize: 15, color: colors.text },
  confirm: { gap: 10 },
  flex: { flex: 1 },
});
