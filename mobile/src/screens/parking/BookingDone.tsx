// What the renter sees once the booking is confirmed (paid, or payments off).
import { Button, Card, Heading, Muted } from '../../components/ui';
import { formatDateTime, formatMoney } from '../../components/format';
import type { Booking } from '../../services/parkingSpot';

export function BookingDone({ booking, timeZone, onOpen }: { booking: Booking; timeZone: string; onOpen: () => void }) {
  return (
    <Card testID="booking-confirmed">
      <Heading>Booking confirmed</Heading>
      <Muted testID="booking-confirmed-window">
        {formatDateTime(booking.start_time, timeZone)} – {formatDateTime(booking.end_time, timeZone)}
      </Muted>
      <Muted testID="booking-confirmed-total">Total {formatMoney(booking.total_amount)}</Muted>
      <Muted>The access code is in the booking, in the Bookings tab.</Muted>
      <Button title="Open my booking" testID="go-to-booking" onPress={onOpen} />
    </Card>
  );
}
