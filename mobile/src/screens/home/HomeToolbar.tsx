// The bar over the Home map: city chips (and "My location"), filters, map/list switch, the count.
import { ActivityIndicator, ScrollView, StyleSheet, Text, View } from 'react-native';

import { Chip, colors } from '../../components/ui';
import { CITIES, type City } from './labels';
import type { LocateStatus } from './useUserLocation';

interface Props {
  city: string | null; // slug of the chosen city, null when the map follows the user
  onCity: (city: City) => void;
  locateStatus: LocateStatus;
  onLocate: () => void;
  filterCount: number;
  onFilters: () => void;
  showList: boolean;
  onToggleList: () => void;
  mapShowsAll: boolean; // the map draws every spot of the viewport (its tiles), not only the results
  shown: number;
  total: number;
  totalAtLeast: boolean;
  loading: boolean;
}

export function HomeToolbar(props: Props) {
  const { city, onCity, locateStatus, onLocate, filterCount, onFilters, showList, onToggleList, mapShowsAll, shown, total, totalAtLeast, loading } = props;
  const spots = (n: number) => `${n} ${n === 1 ? 'spot' : 'spots'}`;
  const countText = mapShowsAll
    ? `${spots(total)} in view`
    : total > shown ? `${shown} of ${total}${totalAtLeast ? '+' : ''} spots shown` : `${spots(shown)} shown`;
  return (
    <View style={styles.bar}>
      <ScrollView horizontal showsHorizontalScrollIndicator={false} contentContainerStyle={styles.chips}>
        <Chip label={locateStatus === 'locating' ? 'Locating…' : 'My location'} selected={locateStatus === 'found' && city === null}
          onPress={onLocate} testID="my-location" />
        {CITIES.map((entry) => (
          <Chip key={entry.slug} label={entry.name} selected={city === entry.slug} onPress={() => onCity(entry)}
            testID={`city-${entry.slug}`} />
        ))}
      </ScrollView>
      <View style={styles.row}>
        <Chip label={filterCount ? `Filters (${filterCount})` : 'Filters'} selected={filterCount > 0} onPress={onFilters}
          testID="filters-button" />
        <Chip label={showList ? 'Map' : 'List'} selected={false} onPress={onToggleList} testID="toggle-list" />
        <View style={styles.count}>
          {loading ? <ActivityIndicator size="small" color={colors.primary} testID="spots-loading" /> : null}
          <Text style={styles.countText} testID="spot-available-count">{countText}</Text>
        </View>
      </View>
      {locateStatus === 'refused' ? (
        <Text style={styles.note} testID="location-refused">Location not shared: showing the chosen city.</Text>
      ) : null}
      {locateStatus === 'unavailable' ? (
        <Text style={styles.note} testID="location-unavailable">Your location is unavailable: showing the chosen city.</Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  bar: { backgroundColor: colors.card, paddingVertical: 8, gap: 8, borderBottomWidth: StyleSheet.hairlineWidth, borderBottomColor: colors.border, zIndex: 10 },
  chips: { gap: 8, paddingHorizontal: 12 },
  row: { flexDirection: 'row', alignItems: 'center', gap: 8, paddingHorizontal: 12 },
  count: { flex: 1, flexDirection: 'row', justifyContent: 'flex-end', alignItems: 'center', gap: 6 },
  countText: { color: colors.muted, fontSize: 13 },
  note: { color: colors.muted, fontSize: 12, paddingHorizontal: 12 },
});
