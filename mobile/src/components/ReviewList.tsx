// Reviews of a spot with the owner's responses; used by the spot detail and the owner's reviews.
// `renderActions` lets a screen add buttons under a review (e.g. the owner's "Respond").
import type { ReactNode } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import type { Schemas } from '../services/api';
import { formatDateTime } from './format';
import { Stars } from './Stars';
import { Card, colors, Muted } from './ui';

type Review = Schemas['ReviewOut'];

const SUB_RATINGS: [keyof Review, string][] = [
  ['location_rating', 'Location'],
  ['access_rating', 'Access'],
  ['value_rating', 'Value'],
  ['safety_rating', 'Safety'],
];

export function ReviewItem({ review, actions }: { review: Review; actions?: ReactNode }) {
  const subs = SUB_RATINGS.filter(([key]) => typeof review[key] === 'number');
  return (
    <Card testID={`review-${review.id}`}>
      <View style={styles.head}>
        <Text style={styles.name}>{review.reviewer_name}</Text>
        <Muted>{formatDateTime(review.created_at)}</Muted>
      </View>
      <Stars rating={review.overall_rating} showNumber={false} />
      {subs.length ? (
        <Muted>{subs.map(([key, label]) => `${label} ${String(review[key])}/5`).join(' · ')}</Muted>
      ) : null}
      {review.comment ? <Text style={styles.comment}>{review.comment}</Text> : null}
      {review.owner_response ? (
        <View style={styles.response} testID={`review-response-${review.id}`}>
          <Text style={styles.responseLabel}>Response from the owner</Text>
          <Text style={styles.comment}>{review.owner_response}</Text>
        </View>
      ) : null}
      {review.helpful_count > 0 ? <Muted>{review.helpful_count} found this helpful</Muted> : null}
      {actions}
    </Card>
  );
}

interface Props {
  reviews: Review[];
  emptyText?: string;
  renderActions?: (review: Review) => ReactNode;
  testID?: string;
}

export function ReviewList({ reviews, emptyText = 'No reviews yet.', renderActions, testID = 'review-list' }: Props) {
  return (
    <View style={styles.list} testID={testID}>
      {reviews.length === 0 ? <Muted testID={`${testID}-empty`}>{emptyText}</Muted> : null}
      {reviews.map((review) => (
        <ReviewItem key={review.id} review={review} actions={renderActions?.(review)} />
      ))}
    </View>
  );
}

const styles = StyleSheet.create({
  list: { gap: 8 },
  head: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center', gap: 8, flexWrap: 'wrap' },
  name: { fontWeight: '600', color: colors.text, fontSize: 15 },
  comment: { color: colors.text, fontSize: 14, lineHeight: 20 },
  response: { backgroundColor: colors.background, borderRadius: 8, padding: 10, gap: 4, borderLeftWidth: 3, borderLeftColor: colors.primary },
  responseLabel: { fontSize: 12, fontWeight: '600', color: colors.primary },
});
