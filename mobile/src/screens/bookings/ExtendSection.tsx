// Extend a booking (its renter, while it stands): a new end typed on the spot's clock, proposed one
// hour after the current end. Nothing when it cannot be extended. With payments on, extending a paid
// booking leaves the extension waiting for its payment (the store keeps it; ExtensionPaymentCard).
import { useState } from 'react';

import { Button, Card, Field, Heading } from '../../components/ui';
import { formatZoned, parseZoned, zoneName } from '../../components/zonedTime';
import { canExtend, extendBooking, type Booking } from '../../services/booking';
import { useBookingStore } from '../../stores/bookingStore';
import type { BookingAction, RunAction } from './useBookingActions';

interface Props {
  booking: Booking;
  isRenter: boolean;
  timeZone: string | undefined;
  busy: BookingAction | null;
  run: RunAction;
  onError: (message: string) => void;
  onExtended: (amountDue: number) => void; // what the extension added, to show with the price
}

export function ExtendSection({ booking, isRenter, timeZone, busy, run, onError, onExtended }: Props) {
  const [extendEdit, setExtendEdit] = useState<string | null>(null); // null: the proposed time
  if (!isRenter || !canExtend(booking)) return null;

  // The field proposes one hour after the current end, on the spot's clock.
  const extendUntil = extendEdit ?? formatZoned(new Date(Date.parse(booking.end_time) + 3_600_000), timeZone);

  const doExtend = () => {
    const until = parseZoned(extendUntil, timeZone);
    if (!until) {
      onError('Type the new end as YYYY-MM-DD HH:mm, for example 2030-05-02 18:30.');
      return;
    }
    void run('extend', async () => {
      const answer = await extendBooking(booking.id, until);
      useBookingStore.getState().extended(answer, booking.end_time);
      onExtended(answer.amount_due);
      setExtendEdit(null);
    });
  };

  return (
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
  );
}
