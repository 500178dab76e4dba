// After a completed booking, its renter reviews the spot: the stars given if already reviewed (the
// renter's reviews are read once to know), else a button to write one. Nothing otherwise.
import { useEffect } from 'react';
import { StyleSheet, Text } from 'react-native';

import { Button, Card, Heading, Loading, colors } from '../../components/ui';
import type { Booking } from '../../services/booking';
import { messageOf } from '../../services/errors';
import { useBookingStore } from '../../stores/bookingStore';

interface Props {
  booking: Booking;
  isRenter: boolean;
  onError: (message: string) => void; // a stable function (a state setter): the reviews are asked once
  onWrite: () => void;
}

export function ReviewSection({ booking, isRenter, onError, onWrite }: Props) {
  const myReviews = useBookingStore((state) => state.myReviews);
  const status = booking.status;

  // Which completed bookings I reviewed already.
  useEffect(() => {
    if (isRenter && status === 'completed' && myReviews === null) {
      useBookingStore.getState().loadMyReviews().catch((caught: unknown) => onError(messageOf(caught)));
    }
  }, [isRenter, status, myReviews, onError]);

  if (!isRenter || status !== 'completed') return null;
  const myReview = myReviews?.[booking.id];
  return (
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
        <Button title="Write a review" onPress={onWrite} testID="booking-review" />
      )}
    </Card>
  );
}

const styles = StyleSheet.create({
  text: { fontSize: 15, color: colors.text },
});
