// Home tab: the map of spots around the user (or a chosen city), the spots of the visible viewport
// (or of the filtered search) as a list nearest first, and the picked spot's card. Without filters
// the map draws the service's map tiles: every spot at street zoom, clusters with counts below it
// (services/mapTiles.ts); with filters it draws the search's spots, which the tiles cannot filter.
// Spots turning unavailable are greyed live (WebSocket, services/realtime.ts).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { SpotMap } from '../../components/map/SpotMap';
import type { Bounds, LatLng, MapSpot } from '../../types/map';
import { colors, ErrorText } from '../../components/ui';
import type { HomeScreenProps } from '../../navigation/types';
import { shortMoney } from '../../components/format';
import { forgetTiles } from '../../services/mapTiles';
import { useRealtimeEvent, useWatchedSpots } from '../../services/realtime';
import { hasFilters, useParkingSpotStore } from '../../stores/parkingSpotStore';
import { FilterPanel } from './FilterPanel';
import { HomeToolbar } from './HomeToolbar';
import { CITIES, type City } from './labels';
import { SelectedSpotCard } from './SelectedSpotCard';
import { SpotList } from './SpotList';
import { useUserLocation } from './useUserLocation';

const VIEWPORT_DEBOUNCE_MS = 300;
const MAX_WATCHED = 90; // the socket watches at most 100 spots per connection; leave room for the detail

export default function HomeScreen({ navigation }: HomeScreenProps<'Home'>) {
  const results = useParkingSpotStore((s) => s.searchResults);
  const total = useParkingSpotStore((s) => s.total);
  const totalAtLeast = useParkingSpotStore((s) => s.totalAtLeast);
  const filters = useParkingSpotStore((s) => s.searchFilters);
  const selectedId = useParkingSpotStore((s) => s.selectedSpotId);
  const picked = useParkingSpotStore((s) => s.pickedSpot);
  const isLoading = useParkingSpotStore((s) => s.isLoading);
  const error = useParkingSpotStore((s) => s.error);
  const { searchNearby, setFilters, clearFilters, selectSpot, setSpotAvailability } = useParkingSpotStore.getState();

  const [center, setCenter] = useState<LatLng>(() => ({ ...CITIES[0] }));
  const [city, setCity] = useState<string | null>(CITIES[0].slug);
  const [showList, setShowList] = useState(false);
  const [filtersOpen, setFiltersOpen] = useState(false);

  const onFound = useCallback((location: LatLng) => {
    setCenter(location);
    setCity(null);
  }, []);
  const { status: locateStatus, locate } = useUserLocation(onFound);

  const chooseCity = (entry: City) => {
    setCenter({ latitude: entry.latitude, longitude: entry.longitude }); // a new object: the map moves
    setCity(entry.slug);
    selectSpot(null);
  };

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onViewportChange = useCallback(
    (bounds: Bounds) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void searchNearby(bounds), VIEWPORT_DEBOUNCE_MS);
    },
    [searchNearby],
  );
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const mapSpots = useMemo<MapSpot[]>(
    () =>
      results.map((spot) => ({
        id: spot.id,
        latitude: spot.latitude,
        longitude: spot.longitude,
        price: spot.hourly_rate,
        label: shortMoney(spot.hourly_rate),
        available: spot.is_available,
      })),
    [results],
  );

  // Real time: the nearest visible spots are watched; one turning unavailable is greyed at once.
  const watched = useMemo(
    () =>
      [...results]
        .sort((a, b) => (a.distance_km ?? Infinity) - (b.distance_km ?? Infinity))
        .slice(0, MAX_WATCHED)
        .map((spot) => spot.id),
    [results],
  );
  useWatchedSpots(watched);
  useRealtimeEvent('spot_availability', (event) => setSpotAvailability(event.spot_id, event.is_available));
  useRealtimeEvent('resync', () => {
    forgetTiles(); // changes may have been missed while the connection was down
    void searchNearby();
  });

  // a spot picked on the map's tiles may be beyond the results' cap: the store fetched it
  const selected = results.find((spot) => spot.id === selectedId) ?? (picked?.id === selectedId ? picked : null);
  const filterCount = Object.values(filters).filter((value) => value !== undefined && value !== null && value !== false).length;
  const filtered = hasFilters(filters);

  return (
    <View style={styles.screen} testID="home-screen">
      <HomeToolbar
        city={city}
        onCity={chooseCity}
        locateStatus={locateStatus}
        onLocate={() => void locate()}
        filterCount={filterCount}
        onFilters={() => setFiltersOpen(true)}
        showList={showList}
        onToggleList={() => setShowList((shown) => !shown)}
        mapShowsAll={!filtered && !showList}
        shown={results.length}
        total={total}
        totalAtLeast={totalAtLeast}
        loading={isLoading}
      />
      <ErrorText message={error} testID="home-error" />
      <View style={styles.body}>
        <SpotMap
          center={center}
          fromTiles={!filtered}
          spots={mapSpots}
          selectedId={selectedId}
          onViewportChange={onViewportChange}
          onSelectSpot={selectSpot}
          testID="map"
        />
        {!showList && !isLoading && !error && results.length === 0 ? (
          <View style={styles.emptyWrap}>
            <Text style={styles.empty} testID="map-empty">
              {filtered ? 'No spot here matches these filters.' : 'No spots in this area yet.'}
            </Text>
          </View>
        ) : null}
        {showList ? (
          <SpotList
            spots={results}
            selectedId={selectedId}
            onSelect={selectSpot}
            emptyText={
              filtered
                ? 'No spot here matches these filters. Clear some filters or move the map.'
                : 'No spots in this area. Zoom out or pick a city.'
            }
          />
        ) : null}
        {selected ? (
          <SelectedSpotCard
            spot={selected}
            onOpen={() => navigation.navigate('SpotDetail', { spotId: selected.id })}
            onClose={() => selectSpot(null)}
          />
        ) : null}
        {filtersOpen ? (
          <FilterPanel
            filters={filters}
            onApply={(next) => {
              setFilters(next);
              setFiltersOpen(false);
            }}
            onClear={() => {
              clearFilters();
              setFiltersOpen(false);
            }}
            onClose={() => setFiltersOpen(false)}
          />
        ) : null}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1 },
  body: { flex: 1, position: 'relative' },
  emptyWrap: { position: 'absolute', top: 12, left: 0, right: 0, alignItems: 'center', zIndex: 1000, pointerEvents: 'none' },
  empty: { backgroundColor: colors.card, color: colors.text, borderRadius: 16, paddingHorizontal: 14, paddingVertical: 8, overflow: 'hidden', fontSize: 14 },
});
