import { useEffect, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { formatDateTime } from '../../components/format';
import { Button, Card, ErrorText, Field, Loading, Muted, Row, Screen, colors, styles } from '../../components/ui';
import { messageOf } from '../../services/errors';
import { listMySpots, respondToReview, spotReviews, type Review, type Spot } from '../../services/ownerSpots';
import { useRealtimeEvent, useWatchedSpots } from '../../services/realtime';

interface Loaded {
  spots: Spot[];
  reviews: Review[]; // those waiting for an answer first, then newest first
}

const stars = (rating: number) => '★'.repeat(rating) + '☆'.repeat(5 - rating);

// Waiting for an answer first; within each group, newest first.
function ordered(reviews: Review[]): Review[] {
  return [...reviews].sort((a, b) => {
    const waiting = Number(a.owner_response !== null) - Number(b.owner_response !== null);
    return waiting !== 0 ? waiting : new Date(b.created_at).getTime() - new Date(a.created_at).getTime();
  });
}

async function loadAll(): Promise<Loaded> {
  const spots = await listMySpots();
  const perSpot = await Promise.all(spots.filter((spot) => spot.total_reviews > 0).map((spot) => spotReviews(spot.id)));
  return { spots, reviews: ordered(perSpot.flat()) };
}

export default function OwnerReviewsScreen() {
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null); // the review being answered
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadAll().then(
      (loaded) => live && setData(loaded),
      (failure: unknown) => {
        if (!live) return;
        setError(messageOf(failure));
        setData({ spots: [], reviews: [] });
      },
    );
    return () => {
      live = false;
    };
  }, []);

  // a renter reviews one of my spots while I look: it comes in at the top
  useWatchedSpots(data?.spots.map((spot) => spot.id) ?? []);
  useRealtimeEvent('new_review', (event) => {
    void spotReviews(event.spot_id)
      .then((reviews) =>
        setData((current) => {
          if (!current) return current;
          const known = new Set(current.reviews.map((review) => review.id));
          const added = reviews.filter((review) => !known.has(review.id));
          return { ...current, reviews: [...added, ...current.reviews] };
        }))
      .catch(() => undefined);
  });

  const respond = async (review: Review) => {
    setSending(true);
    setSendError(null);
    try {
      const answered = await respondToReview(review.id, text.trim());
      // it stays where it is, now with the answer under it
      setData((current) => current && { ...current, reviews: current.reviews.map((item) => (item.id === answered.id ? answered : item)) });
      setOpen(null);
      setText('');
    } catch (failure) {
      setSendError(messageOf(failure));
    } finally {
      setSending(false);
    }
  };

  if (data === null) {
    return (
      <Screen testID="owner-reviews-screen">
        <Loading />
      </Screen>
    );
  }

  const titleOf = (review: Review) => data.spots.find((spot) => spot.id === review.parking_spot_id)?.title ?? 'Your spot';
  const waiting = data.reviews.filter((review) => review.owner_response === null).length;

  return (
    <Screen testID="owner-reviews-screen">
      <ErrorText message={error} testID="owner-reviews-error" />
      {data.reviews.length === 0 && !error ? (
        <Muted testID="owner-reviews-empty">No reviews of your spots yet. Renters can review a spot after their booking.</Muted>
      ) : null}
      {data.reviews.length > 0 ? (
        <Muted testID="owner-reviews-waiting">
          {waiting === 0 ? 'You have answered every review.' : `${waiting} review${waiting === 1 ? '' : 's'} waiting for your response.`}
        </Muted>
      ) : null}
      {data.reviews.map((review) => (
        <Card key={review.id} testID={`owner-review-${review.id}`} style={review.owner_response === null ? local.waiting : undefined}>
          <Text style={[styles.heading, { marginTop: 0 }]}>{titleOf(review)}</Text>
          <Row>
            <Text style={local.stars} accessibilityLabel={`${review.overall_rating} out of 5`}>{stars(review.overall_rating)}</Text>
            <Muted>
              {review.reviewer_name} · {formatDateTime(review.created_at)}
            </Muted>
          </Row>
          {review.comment ? <Text style={local.comment}>{review.comment}</Text> : <Muted>(no comment)</Muted>}
          {review.owner_response !== null ? (
            <View style={local.response}>
              <Text style={local.responseLabel}>Your response</Text>
              <Text style={local.comment} testID={`response-${review.id}`}>{review.owner_response}</Text>
            </View>
          ) : open === review.id ? (
            <View style={{ gap: 8 }}>
              <Field label="Your response (shown under the review, once)" testID={`response-text-${review.id}`} value={text}
                onChangeText={setText} multiline numberOfLines={3} autoFocus />
              <ErrorText message={sendError} testID={`response-error-${review.id}`} />
              <Row>
                <View style={{ flex: 1 }}>
                  <Button title="Post response" testID={`response-submit-${review.id}`} loading={sending}
                    onPress={() => void respond(review)} />
                </View>
                <View style={{ flex: 1 }}>
                  <Button title="Not now" variant="secondary" testID={`response-cancel-${review.id}`} onPress={() => setOpen(null)} />
                </View>
              </Row>
            </View>
          ) : (
            <Button title="Respond" variant="secondary" testID={`respond-${review.id}`}
              onPress={() => { setOpen(review.id); setText(''); setSendError(null); }} />
          )}
        </Card>
      ))}
    </Screen>
  );
}

const local = StyleSheet.create({
  waiting: { borderColor: colors.primary, borderWidth: 1 },
  stars: { color: '#f5a623', fontSize: 16 },
  comment: { fontSize: 15, color: colors.text },
  response: { backgroundColor: colors.background, borderRadius: 8, padding: 10, gap: 4 },
  responseLabel: { fontSize: 12, fontWeight: '600', color: colors.muted },
});
