// The list view of the Home tab: the spots of the map (or of the search), nearest first.
import { useMemo } from 'react';
import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';

import { formatDistance, shortMoney } from '../../components/format';
import { Stars } from '../../components/Stars';
import { colors, Muted } from '../../components/ui';
import type { SpotResult } from '../../stores/parkingSpotStore';
import { SPOT_TYPE_LABELS } from './labels';

interface Props {
  spots: SpotResult[];
  selectedId: string | null;
  onSelect: (spotId: string) => void;
  emptyText: string;
}

function SpotRow({ spot, selected, onSelect }: { spot: SpotResult; selected: boolean; onSelect: (id: string) => void }) {
  return (
    <Pressable
      accessibilityRole="button"
      onPress={() => onSelect(spot.id)}
      testID={`spot-row-${spot.id}`}
      style={[styles.row, selected && styles.selected, !spot.is_available && styles.unavailable]}
    >
      <View style={styles.main}>
        <Text style={styles.title} numberOfLines={1}>{spot.title}</Text>
        <Text style={styles.muted} numberOfLines={1}>{spot.address} · {SPOT_TYPE_LABELS[spot.spot_type]}</Text>
        <View style={styles.meta}>
          <Stars rating={spot.average_rating} count={spot.total_reviews} size={12} />
          {!spot.is_available ? <Text style={styles.badge}>Unavailable</Text> : null}
        </View>
      </View>
      <View style={styles.side}>
        <Text style={styles.price}>{shortMoney(spot.hourly_rate)}/h</Text>
        <Text style={styles.muted} testID={`spot-distance-${spot.id}`}>
          {spot.distance_km === null ? '' : formatDistance(spot.distance_km)}
        </Text>
      </View>
    </Pressable>
  );
}

export function SpotList({ spots, selectedId, onSelect, emptyText }: Props) {
  const sorted = useMemo(
    () => [...spots].sort((a, b) => (a.distance_km ?? Infinity) - (b.distance_km ?? Infinity)),
    [spots],
  );
  return (
    <FlatList
      testID="spot-list"
      style={styles.list}
      data={sorted}
      keyExtractor={(spot) => spot.id}
      renderItem={({ item }) => <SpotRow spot={item} selected={item.id === selectedId} onSelect={onSelect} />}
      ListEmptyComponent={<View style={styles.empty}><Muted testID="spot-list-empty">{emptyText}</Muted></View>}
      contentContainerStyle={styles.content}
      initialNumToRender={20}
    />
  );
}

const styles = StyleSheet.create({
  list: { ...StyleSheet.absoluteFill, backgroundColor: colors.background },
  content: { padding: 12, gap: 8, paddingBottom: 140 },
  row: { flexDirection: 'row', gap: 10, backgroundColor: colors.card, borderRadius: 10, padding: 12, borderWidth: StyleSheet.hairlineWidth, borderColor: colors.border },
  selected: { borderColor: colors.primary, borderWidth: 2 },
  unavailable: { opacity: 0.55 },
  main: { flex: 1, gap: 3 },
  side: { alignItems: 'flex-end', gap: 4 },
  title: { fontSize: 15, fontWeight: '600', color: colors.text },
  muted: { fontSize: 13, color: colors.muted },
  price: { fontSize: 15, fontWeight: '700', color: colors.primary },
  meta: { flexDirection: 'row', alignItems: 'center', gap: 8 },
  badge: { fontSize: 12, color: colors.danger, fontWeight: '600' },
  empty: { padding: 24, alignItems: 'center' },
});
