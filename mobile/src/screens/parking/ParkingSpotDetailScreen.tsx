// A spot: photos, title, address, prices, amenities, opening hours in the spot's time zone, rating
// summary and reviews (with the owner's responses), the availability of the next days, and Book.
import { useFocusEffect } from '@react-navigation/native';
import { useCallback } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { ReviewList } from '../../components/ReviewList';
import { Button, Card, colors, ErrorText, Heading, Loading, Muted, Screen, Title } from '../../components/ui';
import type { HomeScreenProps } from '../../navigation/types';
import { AvailabilityCalendar } from './AvailabilityCalendar';
import { OperatingHours } from './OperatingHours';
import { RatingSummary } from './RatingSummary';
import { SpotAmenities, SpotPrice } from './SpotFacts';
import { SpotPhotos } from './SpotPhotos';
import { useSpotDetail } from './useSpotDetail';

export default function ParkingSpotDetailScreen({ navigation, route }: HomeScreenProps<'SpotDetail'>) {
  const { spotId } = route.params;
  const detail = useSpotDetail(spotId);
  const { spot, summary, reviews, reviewTotal, calendar, error, reloadCalendar } = detail;

  // back from booking: the calendar has a new busy interval
  useFocusEffect(
    useCallback(() => {
      void reloadCalendar().catch(() => undefined);
    }, [reloadCalendar]),
  );

  if (!spot) {
    return (
      <Screen testID="spot-detail-screen">
        {error ? (
          <>
            <ErrorText message={error} testID="spot-error" />
            <Button title="Try again" variant="secondary" testID="spot-retry" onPress={() => void detail.reload()} />
          </>
        ) : (
          <Loading testID="spot-loading" />
        )}
      </Screen>
    );
  }

  const bookable = spot.is_active && spot.is_available;
  return (
    <Screen testID="spot-detail-screen">
      <SpotPhotos images={spot.images} />
      <View style={styles.head}>
        <Text style={styles.title} testID="spot-title">{spot.title}</Text>
        <Muted testID="spot-address">{spot.address}, {spot.city}, {spot.state} {spot.zip_code}</Muted>
      </View>
      <SpotPrice spot={spot} />
      {bookable ? (
        <Button title="Book this spot" testID="book-button" onPress={() => navigation.navigate('Book', { spotId })} />
      ) : (
        <Text style={styles.unavailable} testID="spot-unavailable">This spot is not available for booking right now.</Text>
      )}
      <ErrorText message={error} testID="spot-error" />
      {spot.description ? <Text style={styles.description} testID="spot-description">{spot.description}</Text> : null}
      <SpotAmenities spot={spot} />

      <Card>
        <Heading>Opening hours</Heading>
        <OperatingHours hours={spot.operating_hours} timeZone={spot.timezone} />
      </Card>

      <Card>
        <Heading>Availability, next 7 days</Heading>
        {calendar ? <AvailabilityCalendar calendar={calendar} timeZone={spot.timezone} hours={spot.operating_hours} /> : <Loading testID="calendar-loading" />}
      </Card>

      <Card>
        <Heading>Rating</Heading>
        {summary ? <RatingSummary summary={summary} /> : <Loading testID="rating-loading" />}
      </Card>

      <View testID="spot-reviews" style={styles.reviews}>
        <Title>Reviews</Title>
        <ReviewList reviews={reviews} emptyText="No reviews yet. Be the first after your booking." testID="spot-review-list" />
        {reviews.length < reviewTotal ? (
          <Button title={`More reviews (${reviewTotal - reviews.length} left)`} variant="secondary" testID="reviews-more"
            loading={detail.loadingMore} onPress={() => void detail.moreReviews()} />
        ) : null}
      </View>
    </Screen>
  );
}

const styles = StyleSheet.create({
  head: { gap: 4 },
  title: { fontSize: 22, fontWeight: '700', color: colors.text },
  description: { fontSize: 15, lineHeight: 21, color: colors.text },
  unavailable: { color: colors.danger, fontWeight: '600' },
  reviews: { gap: 8 },
});
