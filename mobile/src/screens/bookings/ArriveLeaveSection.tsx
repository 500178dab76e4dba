// Check in (from when check-in opens) and check out, for the booking's renter; nothing otherwise.
import { formatDateTime } from '../../components/format';
import { Button, Card, Heading, Muted } from '../../components/ui';
import { canCheckIn, canCheckOut, checkIn, checkInOpensAt, checkOut, type Booking } from '../../services/booking';
import { useBookingStore } from '../../stores/bookingStore';
import type { BookingAction, RunAction } from './useBookingActions';

interface Props {
  booking: Booking;
  isRenter: boolean;
  timeZone: string | undefined;
  now: number;
  busy: BookingAction | null;
  run: RunAction;
}

export function ArriveLeaveSection({ booking, isRenter, timeZone, now, busy, run }: Props) {
  const showCheckIn = isRenter && (booking.status === 'confirmed' || (booking.status === 'in_progress' && !booking.checked_in_at));
  const showCheckOut = isRenter && canCheckOut(booking);
  if (!showCheckIn && !showCheckOut) return null;

  const doCheck = (action: 'check-in' | 'check-out') =>
    run(action, async () => {
      useBookingStore.getState().put(await (action === 'check-in' ? checkIn(booking.id) : checkOut(booking.id)));
    });

  return (
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
      {showCheckOut ? (
        <Button
          title="Check out"
          onPress={() => void doCheck('check-out')}
          disabled={busy !== null}
          loading={busy === 'check-out'}
          testID="booking-check-out"
        />
      ) : null}
    </Card>
  );
}
