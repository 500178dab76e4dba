// A rating shown as stars: ★★★★☆ 4.2 (12). Reusable for spots and reviews.
import { StyleSheet, Text, View } from 'react-native';

import { colors } from './ui';

interface Props {
  rating: number; // 0..5, may be fractional
  count?: number; // how many reviews, shown after the number
  size?: number;
  showNumber?: boolean;
  testID?: string;
}

export function starText(rating: number): string {
  const full = Math.round(Math.max(0, Math.min(5, rating)));
  return '★'.repeat(full) + '☆'.repeat(5 - full);
}

export function Stars({ rating, count, size = 14, showNumber = true, testID }: Props) {
  const none = count === 0;
  return (
    <View style={styles.row} testID={testID} accessibilityLabel={none ? 'No reviews yet' : `${rating.toFixed(1)} out of 5`}>
      <Text style={[styles.stars, { fontSize: size }, none && styles.none]}>{starText(none ? 0 : rating)}</Text>
      {showNumber ? (
        <Text style={[styles.number, { fontSize: size - 1 }]}>
          {none ? 'No reviews yet' : rating.toFixed(1)}
          {count !== undefined && count > 0 ? ` (${count})` : ''}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', gap: 4 },
  stars: { color: '#f5a623', letterSpacing: 1 },
  none: { color: colors.border },
  number: { color: colors.muted },
});
