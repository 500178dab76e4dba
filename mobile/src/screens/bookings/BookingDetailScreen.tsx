// One booking (seed 4.4): its status (live), window, price and payment, the access code for its
// renter, and what can be done with it now: extend (and pay for the extension of a paid booking),
// cancel (with the refund the policy gives,
// shown before confirming), check in / out, review after completion. Its spot's owner sees it too
// (from Bookings of my spots) and may cancel it; owners never see the access code.
// Each part is its own component in this folder; this screen loads the booking and lays them out.
import { useCallback, useEffect, useState } from 'react';

import { ErrorText, Loading, Screen } from '../../components/ui';
import type { BookingsScreenProps } from '../../navigation/types';
import { messageOf } from '../../services/errors';
import { useRealtimeEvent } from '../../services/realtime';
import { useAuthStore } from '../../stores/authStore';
import { useBookingStore } from '../../stores/bookingStore';
import { useConfigStore } from '../../stores/configStore';
import { AccessCard } from './AccessCard';
import { ArriveLeaveSection } from './ArriveLeaveSection';
import { BookingSummary } from './BookingSummary';
import { CancellationCard } from './CancellationCard';
import { CancelSection } from './CancelSection';
import { ExtendSection } from './ExtendSection';
import { ExtensionPaymentCard } from './ExtensionPaymentCard';
import { PriceCard } from './PriceCard';
import { ReviewSection } from './ReviewSection';
import { useBookingActions } from './useBookingActions';
import { useNow } from './useNow';

export default function BookingDetailScreen({ navigation, route }: BookingsScreenProps<'BookingDetail'>) {
  const { bookingId } = route.params;
  const booking = useBookingStore((state) => state.byId[bookingId]);
  const spot = useBookingStore((state) => (booking ? state.spots[booking.parking_spot_id] : undefined));
  const me = useAuthStore((state) => state.user);
  const publishableKey = useConfigStore((state) => state.config?.payments.publishable_key ?? null);
  const now = useNow();

  const [loading, setLoading] = useState(!booking);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, error, setError, run } = useBookingActions();
  const [amountDue, setAmountDue] = useState<number | null>(null); // what this device's extension added

  const isRenter = !!booking && !!me && booking.user_id === me.id;
  const timeZone = spot?.timezone;

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

  if (!booking) {
    return (
      <Screen testID="booking-detail-screen">
        {loading ? <Loading testID="booking-loading" /> : <ErrorText message={loadError} testID="booking-error" />}
      </Screen>
    );
  }

  return (
    <Screen testID="booking-detail-screen">
      <BookingSummary booking={booking} spot={spot} isRenter={isRenter} />
      <PriceCard booking={booking} isRenter={isRenter} timeZone={timeZone} amountDue={amountDue} />
      <CancellationCard booking={booking} timeZone={timeZone} />
      <AccessCard booking={booking} isRenter={isRenter} />

      <ErrorText message={error ?? loadError} testID="booking-error" />

      <ArriveLeaveSection booking={booking} isRenter={isRenter} timeZone={timeZone} now={now} busy={busy} run={run} />
      <ExtensionPaymentCard
        booking={booking}
        isRenter={isRenter}
        timeZone={timeZone}
        now={now}
        publishableKey={publishableKey}
        onPaid={() => void load()}
      />
      <ExtendSection
        booking={booking}
        isRenter={isRenter}
        timeZone={timeZone}
        busy={busy}
        run={run}
        onError={setError}
        onExtended={setAmountDue}
      />
      <CancelSection booking={booking} byOwner={!isRenter} now={now} busy={busy} run={run} onError={setError} />
      <ReviewSection
        booking={booking}
        isRenter={isRenter}
        onError={setError}
        onWrite={() => navigation.navigate('WriteReview', { bookingId: booking.id, spotId: booking.parking_spot_id })}
      />
    </Screen>
  );
}
