// The top of a booking's detail: its spot, its status (live), its window on the spot's clock, when
// it was checked in / out, how long a pending one is held, and whether this is a booking of my spot.
import { StyleSheet, Text } from 'react-native';

import { formatDateTime } from '../../components/format';
import { Card, Muted, Row, Title, colors } from '../../components/ui';
import { formatWindow, zoneName } from '../../components/zonedTime';
import type { Booking } from '../../services/booking';
import type { SpotInfo } from '../../stores/bookingStore';
import { StatusBadge } from './StatusBadge';

export function BookingSummary({ booking, spot, isRenter }: { booking: Booking; spot: SpotInfo | undefined; isRenter: boolean }) {
  const timeZone = spot?.timezone;
  return (
    <>
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
    </>
  );
}

const styles = StyleSheet.create({
  between: { justifyContent: 'space-between' },
  label: { fontSize: 17, fontWeight: '600', color: colors.text },
  window: { fontSize: 16, fontWeight: '600', color: colors.text },
});
