// A spot's prices and amenities.
import { StyleSheet, Text, View } from 'react-native';

import { formatMoney } from '../../components/format';
import { colors } from '../../components/ui';
import type { Spot } from '../../services/parkingSpot';
import { SPOT_TYPE_LABELS } from '../home/labels';

export function SpotPrice({ spot }: { spot: Spot }) {
  return (
    <View style={styles.prices} testID="spot-price">
      <Text style={styles.price}>{formatMoney(spot.hourly_rate)}<Text style={styles.unit}> / hour</Text></Text>
      {spot.daily_rate ? <Text style={styles.other}>{formatMoney(spot.daily_rate)} / day</Text> : null}
      {spot.monthly_rate ? <Text style={styles.other}>{formatMoney(spot.monthly_rate)} / month</Text> : null}
    </View>
  );
}

const SIZES: Record<Spot['vehicle_size'], string> = {
  motorcycle: 'Motorcycles', compact: 'Up to compact cars', standard: 'Up to standard cars', large: 'Up to large cars',
  oversized: 'Oversized vehicles',
};

export function SpotAmenities({ spot }: { spot: Spot }) {
  const items: [boolean, string][] = [
    [true, SPOT_TYPE_LABELS[spot.spot_type]],
    [true, SIZES[spot.vehicle_size]],
    [spot.is_covered, 'Covered'],
    [spot.has_ev_charging, 'EV charging'],
    [spot.has_security, 'Security'],
    [spot.has_lighting, 'Lighting'],
    [spot.is_handicap_accessible, 'Accessible'],
  ];
  return (
    <View style={styles.tags} testID="spot-amenities">
      {items.filter(([on]) => on).map(([, label]) => (
        <Text key={label} style={styles.tag}>{label}</Text>
      ))}
    </View>
  );
}

const styles = StyleSheet.create({
  prices: { flexDirection: 'row', alignItems: 'baseline', gap: 12, flexWrap: 'wrap' },
  price: { fontSize: 22, fontWeight: '700', color: colors.primary },
  unit: { fontSize: 14, fontWeight: '400', color: colors.muted },
  other: { fontSize: 14, color: colors.text },
  tags: { flexDirection: 'row', flexWrap: 'wrap', gap: 6 },
  tag: { backgroundColor: '#e8f0fe', color: colors.primaryDark, borderRadius: 12, paddingHorizontal: 10, paddingVertical: 4, fontSize: 13, overflow: 'hidden' },
});
