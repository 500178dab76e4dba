// The access code, for the booking's renter once it is confirmed (read again when the status moves
// on; owners never see it). Nothing when there is none to show.
import { useEffect, useState } from 'react';
import { StyleSheet, Text } from 'react-native';

import { Card, Heading, Muted, colors } from '../../components/ui';
import { getAccess, type Booking, type BookingAccess } from '../../services/booking';

export function AccessCard({ booking, isRenter }: { booking: Booking; isRenter: boolean }) {
  const bookingId = booking.id;
  const status = booking.status;
  // the access code, with the status it was read for
  const [access, setAccess] = useState<{ status: string; answer: BookingAccess | null } | null>(null);

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

  if (!accessCode) return null;
  return (
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
  );
}

const styles = StyleSheet.create({
  code: { fontSize: 28, fontWeight: '700', letterSpacing: 4, color: colors.text },
  text: { fontSize: 15, color: colors.text },
});
