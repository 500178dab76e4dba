// A review of a completed booking (its renter, once): overall stars 1–5, optional stars for the
// location, access, value and safety, and a comment. Submitted, it goes back to the booking, which
// then shows "Reviewed".
import { useEffect, useState } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';

import { Button, Card, ErrorText, Field, Heading, Muted, Row, Screen, Title, colors } from '../../components/ui';
import type { BookingsScreenProps } from '../../navigation/types';
import { messageOf } from '../../services/errors';
import { createReview, type ReviewCreate } from '../../services/review';
import { useBookingStore } from '../../stores/bookingStore';

type SubRating = 'location_rating' | 'access_rating' | 'value_rating' | 'safety_rating';

const SUB_RATINGS: { key: SubRating; label: string; id: string }[] = [
  { key: 'location_rating', label: 'Location', id: 'location' },
  { key: 'access_rating', label: 'Access', id: 'access' },
  { key: 'value_rating', label: 'Value', id: 'value' },
  { key: 'safety_rating', label: 'Safety', id: 'safety' },
];

const LABELS = ['', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'];

function StarPicker({
  value,
  onChange,
  testIDPrefix,
  size = 34,
  label,
}: {
  value: number | null;
  onChange: (rating: number | null) => void;
  testIDPrefix: string;
  size?: number;
  label: string;
}) {
  return (
    <Row style={styles.stars}>
      {[1, 2, 3, 4, 5].map((rating) => {
        const on = value !== null && rating <= value;
        return (
          <Pressable
            key={rating}
            accessibilityRole="radio"
            accessibilityLabel={`${label}: ${rating} of 5`}
            accessibilityState={{ selected: value === rating }}
            hitSlop={6}
            // tapping the chosen star again clears an optional rating
            onPress={() => onChange(value === rating && testIDPrefix !== 'review-rating' ? null : rating)}
            testID={`${testIDPrefix}-${rating}`}
          >
            <Text style={[{ fontSize: size }, on ? styles.starOn : styles.starOff]}>{on ? '★' : '☆'}</Text>
          </Pressable>
        );
      })}
    </Row>
  );
}

export default function WriteReviewScreen({ navigation, route }: BookingsScreenProps<'WriteReview'>) {
  const { bookingId, spotId } = route.params;
  const spot = useBookingStore((state) => state.spots[spotId]);
  const [overall, setOverall] = useState<number | null>(null);
  const [subs, setSubs] = useState<Record<SubRating, number | null>>({
    location_rating: null,
    access_rating: null,
    value_rating: null,
    safety_rating: null,
  });
  const [comment, setComment] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => useBookingStore.getState().ensureSpots([spotId]), [spotId]);

  const submit = async () => {
    if (overall === null) {
      setError('Choose from 1 to 5 stars.');
      return;
    }
    setSubmitting(true);
    setError(null);
    const body: ReviewCreate = { booking_id: bookingId, overall_rating: overall, ...subs, comment: comment.trim() || null };
    try {
      const review = await createReview(body);
      useBookingStore.getState().reviewed(review);
      if (navigation.canGoBack()) navigation.goBack();
      else navigation.navigate('BookingDetail', { bookingId });
    } catch (caught) {
      setError(messageOf(caught));
      setSubmitting(false);
    }
  };

  return (
    <Screen testID="write-review-screen">
      <Title>How was it?</Title>
      <Muted>{spot?.title ?? 'Your parking spot'}</Muted>

      <Card>
        <Heading>Overall</Heading>
        <StarPicker
          value={overall}
          onChange={(rating) => {
            setOverall(rating);
            setError(null);
          }}
          testIDPrefix="review-rating"
          label="Overall"
        />
        <Muted>{overall ? LABELS[overall] : 'Tap a star'}</Muted>
      </Card>

      <Card>
        <Heading>Details (optional)</Heading>
        {SUB_RATINGS.map((sub) => (
          <View key={sub.key} style={styles.subRow}>
            <Text style={styles.subLabel}>{sub.label}</Text>
            <StarPicker
              value={subs[sub.key]}
              onChange={(rating) => setSubs((current) => ({ ...current, [sub.key]: rating }))}
              testIDPrefix={`review-${sub.id}`}
              size={24}
              label={sub.label}
            />
          </View>
        ))}
      </Card>

      <Field
        label="Comment (optional)"
        value={comment}
        onChangeText={setComment}
        multiline
        numberOfLines={4}
        maxLength={5000}
        placeholder="What should other drivers know?"
        style={styles.comment}
        testID="review-comment"
      />

      <ErrorText message={error} testID="review-error" />
      <Button
        title="Submit review"
        onPress={() => void submit()}
        loading={submitting}
        testID="review-submit"
      />
    </Screen>
  );
}

const styles = StyleSheet.create({
  stars: { gap: 4 },
  starOn: { color: '#f5a623' },
  starOff: { color: colors.border },
  subRow: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between' },
  subLabel: { fontSize: 15, color: colors.text },
  comment: {
    backgroundColor: colors.card,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    paddingHorizontal: 12,
    paddingVertical: 10,
    fontSize: 16,
    color: colors.text,
    minHeight: 96,
    textAlignVertical: 'top',
  },
});
