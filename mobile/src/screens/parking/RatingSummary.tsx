// A spot's reviews in figures: the average, how many gave each number of stars, the sub ratings.
import { StyleSheet, Text, View } from 'react-native';

import { Stars } from '../../components/Stars';
import { colors, Muted } from '../../components/ui';
import type { ReviewSummary } from '../../services/parkingSpot';

const SUBS: [keyof ReviewSummary['sub_ratings'], string][] = [
  ['location', 'Location'],
  ['access', 'Access'],
  ['value', 'Value'],
  ['safety', 'Safety'],
];

export function RatingSummary({ summary }: { summary: ReviewSummary }) {
  const { average_rating: average, total_reviews: total, distribution } = summary;
  return (
    <View testID="spot-rating" style={styles.box}>
      <View style={styles.top}>
        <Text style={styles.average} testID="spot-rating-average">{total ? average.toFixed(1) : '–'}</Text>
        <View style={styles.grow}>
          <Stars rating={average} count={total} showNumber={false} size={18} />
          <Muted testID="spot-rating-count">{total ? `${total} ${total === 1 ? 'review' : 'reviews'}` : 'No reviews yet'}</Muted>
        </View>
      </View>
      {total ? (
        <View style={styles.bars}>
          {(['5', '4', '3', '2', '1'] as const).map((stars) => (
            <View key={stars} style={styles.barRow}>
              <Text style={styles.barLabel}>{stars}★</Text>
              <View style={styles.track}>
                <View style={[styles.fill, { width: `${(distribution[stars] / total) * 100}%` }]} />
              </View>
              <Text style={styles.barCount}>{distribution[stars]}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <View style={styles.subs}>
        {SUBS.filter(([key]) => summary.sub_ratings[key] !== null).map(([key, label]) => (
          <Text key={key} style={styles.sub}>{label} {summary.sub_ratings[key]?.toFixed(1)}</Text>
        ))}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  box: { gap: 8 },
  top: { flexDirection: 'row', alignItems: 'center', gap: 12 },
  average: { fontSize: 34, fontWeight: '700', color: colors.text },
  grow: { flex: 1, gap: 2 },
  bars: { gap: 3 },
  barRow: { flexDirection: 'row', alignItems: 'center', gap: 6 },
  barLabel: { width: 26, color: colors.muted, fontSize: 12 },
  track: { flex: 1, height: 8, borderRadius: 4, backgroundColor: '#ececf0', overflow: 'hidden' },
  fill: { height: 8, backgroundColor: '#f5a623' },
  barCount: { width: 28, textAlign: 'right', color: colors.muted, fontSize: 12 },
  subs: { flexDirection: 'row', flexWrap: 'wrap', gap: 12 },
  sub: { color: colors.text, fontSize: 13 },
});
