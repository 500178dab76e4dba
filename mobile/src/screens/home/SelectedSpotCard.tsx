// The small card of the spot picked on the map or in the list, with the way to its detail.
import { Pressable, StyleSheet, Text, View } from 'react-native';

import { formatDistance, shortMoney } from '../../components/format';
import { Stars } from '../../components/Stars';
import { Button, colors } from '../../components/ui';
import type { SpotResult } from '../../stores/parkingSpotStore';
import { SPOT_TYPE_LABELS } from './labels';

interface Props {
  spot: SpotResult;
  onOpen: () => void;
  onClose: () => void;
}

export function SelectedSpotCard({ spot, onOpen, onClose }: Props) {
  return (
    <View style={styles.card} testID="selected-spot">
      <View style={styles.head}>
        <Text style={styles.title} numberOfLines={2} testID="selected-spot-title">{spot.title}</Text>
        <Pressable accessibilityRole="button" accessibilityLabel="Close" onPress={onClose} testID="selected-spot-close" hitSlop={10}>
          <Text style={styles.close}>✕</Text>
        </Pressable>
      </View>
      <Text style={styles.muted} numberOfLines={1}>
        {spot.address} · {SPOT_TYPE_LABELS[spot.spot_type]}
        {spot.distance_km !== null ? ` · ${formatDistance(spot.distance_km)}` : ''}
      </Text>
      <View style={styles.line}>
        <Text style={styles.price} testID="selected-spot-price">{shortMoney(spot.hourly_rate)}/h</Text>
        {spot.daily_rate ? <Text style={styles.muted}>{shortMoney(spot.daily_rate)}/day</Text> : null}
        <Stars rating={spot.average_rating} count={spot.total_reviews} size={13} />
      </View>
      {!spot.is_available ? (
        <Text style={styles.unavailable} testID="selected-spot-unavailable">Not available right now</Text>
      ) : null}
      <Button title="View spot" testID="open-spot" onPress={onOpen} />
    </View>
  );
}

const styles = StyleSheet.create({
  card: {
    position: 'absolute', left: 12, right: 12, bottom: 12, zIndex: 1500, backgroundColor: colors.card, borderRadius: 14,
    padding: 14, gap: 6, borderWidth: StyleSheet.hairlineWidth, borderColor: colors.border,
    shadowColor: '#000', shadowOpacity: 0.2, shadowRadius: 8, shadowOffset: { width: 0, height: 2 }, elevation: 6,
  },
  head: { flexDirection: 'row', alignItems: 'flex-start', gap: 8 },
  title: { flex: 1, fontSize: 16, fontWeight: '700', color: colors.text },
  close: { fontSize: 18, color: colors.muted, paddingHorizontal: 4 },
  muted: { fontSize: 13, color: colors.muted },
  line: { flexDirection: 'row', alignItems: 'center', gap: 10, flexWrap: 'wrap' },
  price: { fontSize: 16, fontWeight: '700', color: colors.primary },
  unavailable: { color: colors.danger, fontWeight: '600' },
});
