// Book a spot: pick the window (live quote with the fee breakdown), vehicle details, Book (with an
// Idempotency-Key), then pay when the server takes payments, or see the booking confirmed.
import { useEffect, useState } from 'react';
import { StyleSheet, Text } from 'react-native';

import { formatMoney } from '../../components/format';
import { addHours, formatLocal, parseLocal, soon } from '../../components/localTime';
import { Button, colors, ErrorText, Heading, Loading, Muted, Screen, Title } from '../../components/ui';
import type { HomeScreenProps } from '../../navigation/types';
import { messageOf } from '../../services/errors';
import { getSpot, type Spot } from '../../services/parkingSpot';
import { paymentsEnabled, useConfigStore } from '../../stores/configStore';
import { useParkingSpotStore } from '../../stores/parkingSpotStore';
import { BookingDone } from './BookingDone';
import { PaymentStep } from './PaymentStep';
import { QuoteCard } from './QuoteCard';
import { useBookingAttempt } from './useBookingAttempt';
import { useQuote } from './useQuote';
import { NO_VEHICLE, VehicleFields, type Vehicle } from './VehicleFields';
import { WindowFields } from './WindowFields';

function initialWindow(start?: string, end?: string): [string, string] {
  if (start && end) return [formatLocal(new Date(start)), formatLocal(new Date(end))];
  const begin = soon();
  return [formatLocal(begin), formatLocal(addHours(begin, 1))];
}

const orNull = (text: string) => text.trim() || null;

export default function BookScreen({ navigation, route }: HomeScreenProps<'Book'>) {
  const { spotId } = route.params;
  const known = useParkingSpotStore((s) => (s.selectedSpot?.id === spotId ? s.selectedSpot : null));
  const config = useConfigStore((s) => s.config);
  const paymentsOn = paymentsEnabled(config);
  const [spot, setSpot] = useState<Spot | null>(known);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [[start, end], setWindow] = useState(() => initialWindow(route.params.start, route.params.end));
  const [vehicle, setVehicle] = useState<Vehicle>(NO_VEHICLE);
  const [paid, setPaid] = useState(false);
  const quote = useQuote(spotId, start, end);
  const attempt = useBookingAttempt();
  const { newAttempt } = attempt;

  useEffect(() => {
    if (!known) getSpot(spotId).then(setSpot, (failure: unknown) => setLoadError(messageOf(failure)));
  }, [spotId, known]);

  // a different window or vehicle is a new attempt (a new Idempotency-Key)
  useEffect(() => newAttempt(), [start, end, vehicle, newAttempt]);

  if (!spot) {
    return (
      <Screen testID="book-screen">
        {loadError ? <ErrorText message={loadError} testID="book-error" /> : <Loading testID="book-loading" />}
      </Screen>
    );
  }

  const { booking } = attempt;
  const openBooking = (bookingId: string) =>
    navigation.navigate('BookingsTab', { screen: 'BookingDetail', params: { bookingId }, initial: false });

  const submit = () => {
    const from = parseLocal(start);
    const until = parseLocal(end);
    if (!from || !until) return;
    void attempt.book({
      parking_spot_id: spotId,
      start_time: from.toISOString(),
      end_time: until.toISOString(),
      vehicle_plate: orNull(vehicle.vehicle_plate),
      vehicle_make: orNull(vehicle.vehicle_make),
      vehicle_model: orNull(vehicle.vehicle_model),
      vehicle_color: orNull(vehicle.vehicle_color),
      special_requests: orNull(vehicle.special_requests),
    });
  };

  return (
    <Screen testID="book-screen">
      <Title>{spot.title}</Title>
      <Muted>{spot.address} · {formatMoney(spot.hourly_rate)} / hour</Muted>
      {!paymentsOn ? (
        <Text style={styles.notice} testID="payments-not-configured">
          Payments are not configured on this server: your booking is confirmed without payment.
        </Text>
      ) : null}
      {booking && (booking.status === 'confirmed' || paid) ? (
        <BookingDone booking={booking} timeZone={spot.timezone} onOpen={() => openBooking(booking.id)} />
      ) : booking ? (
        <>
          <PaymentStep booking={booking} publishableKey={config?.payments.publishable_key ?? null} onPaid={() => setPaid(true)} />
          <Button title="See it in my bookings" variant="secondary" testID="go-to-booking" onPress={() => openBooking(booking.id)} />
        </>
      ) : (
        <>
          <Heading>When</Heading>
          <WindowFields start={start} end={end} timeZone={spot.timezone} onChange={(s, e) => setWindow([s, e])} />
          {quote.quote ? <QuoteCard quote={quote.quote} /> : quote.loading ? <Loading testID="quote-loading" /> : null}
          <Heading>Vehicle</Heading>
          <VehicleFields value={vehicle} onChange={setVehicle} />
          <ErrorText message={attempt.error ?? quote.error} testID="book-error" />
          <Button
            title={quote.quote ? `Book for ${formatMoney(quote.quote.total)}` : 'Book'}
            testID="confirm-booking"
            loading={attempt.busy}
            disabled={!parseLocal(start) || !parseLocal(end)}
            onPress={submit}
          />
        </>
      )}
    </Screen>
  );
}

const styles = StyleSheet.create({
  notice: { backgroundColor: '#fff8e1', borderColor: '#f5c04a', borderWidth: 1, borderRadius: 8, padding: 10, color: colors.text, fontSize: 14 },
});
