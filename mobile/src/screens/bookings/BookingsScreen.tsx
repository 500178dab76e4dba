// My bookings (seed 4.4): "Upcoming" (not yet ended) and "Past", each row the spot, the window in
// the spot's time zone, the status and the total. Pull to refresh; statuses change live (the
// booking store follows the real-time events), a `resync` reloads.
import { useFocusEffect } from '@react-navigation/native';
import { useCallback, useState } from 'react';
import { FlatList, Pressable, RefreshControl, StyleSheet, Text, View } from 'react-native';

import { formatMoney } from '../../components/format';
import { Button, Card, ErrorText, Loading, Muted, Row, Screen, colors } from '../../components/ui';
import { formatWindow } from '../../components/zonedTime';
import type { BookingsScreenProps } from '../../navigation/types';
import type { Booking, When } from '../../services/booking';
import { useBookingStore } from '../../stores/bookingStore';
import { StatusBadge } from './StatusBadge';

const SEGMENTS: { when: When; label: string }[] = [
  { when: 'upcoming', label: 'Upcoming' },
  { when: 'past', label: 'Past' },
];

function BookingRow({ booking, onPress }: { booking: Booking; onPress: () => void }) {
  const spot = useBookingStore((state) => state.spots[booking.parking_spot_id]);
  return (
    <Pressable accessibilityRole="button" onPress={onPress} testID={`booking-row-${booking.id}`}>
      <Card style={styles.rowCard}>
        <Row style={styles.rowTop}>
          <Text style={styles.rowTitle} numberOfLines={1}>
            {spot?.title ?? 'Parking spot'}
          </Text>
          <StatusBadge status={booking.status} testID={`booking-status-${booking.id}`} />
        </Row>
        <Muted>{formatWindow(booking.start_time, booking.end_time, spot?.timezone)}</Muted>
        <Text style={styles.rowTotal}>{formatMoney(booking.total_amount)}</Text>
      </Card>
    </Pressable>
  );
}

export default function BookingsScreen({ navigation }: BookingsScreenProps<'Bookings'>) {
  const [when, setWhen] = useState<When>('upcoming');
  const ids = useBookingStore((state) => state.lists[when]);
  const byId = useBookingStore((state) => state.byId);
  const loading = useBookingStore((state) => state.loading[when]);
  const error = useBookingStore((state) => state.errors[when]);
  const loadList = useBookingStore((state) => state.loadList);
  const [pulling, setPulling] = useState(false);

  // Every time the tab shows, read the list again (quietly when it is there already).
  useFocusEffect(
    useCallback(() => {
      void loadList(when);
    }, [loadList, when]),
  );

  const refresh = useCallback(async () => {
    setPulling(true);
    await loadList(when);
    setPulling(false);
  }, [loadList, when]);

  const bookings = (ids ?? []).map((id) => byId[id]).filter((booking): booking is Booking => !!booking);

  return (
    <Screen testID="bookings-screen" scroll={false}>
      <View style={styles.header}>
        <View style={styles.segments} accessibilityRole="tablist">
          {SEGMENTS.map((segment) => {
            const selected = segment.when === when;
            return (
              <Pressable
                key={segment.when}
                accessibilityRole="tab"
                accessibilityState={{ selected }}
                onPress={() => setWhen(segment.when)}
                style={[styles.segment, selected && styles.segmentSelected]}
                testID={`bookings-${segment.when}`}
              >
                <Text style={[styles.segmentText, selected && styles.segmentTextSelected]}>{segment.label}</Text>
              </Pressable>
            );
          })}
        </View>
        <ErrorText message={error} testID="bookings-error" />
      </View>
      {ids === null ? (
        loading ? <Loading testID="bookings-loading" /> : null
      ) : (
        <FlatList
          data={bookings}
          keyExtractor={(booking) => booking.id}
          renderItem={({ item }) => (
            <BookingRow booking={item} onPress={() => navigation.navigate('BookingDetail', { bookingId: item.id })} />
          )}
          contentContainerStyle={styles.list}
          refreshControl={<RefreshControl refreshing={pulling} onRefresh={() => void refresh()} />}
          ListEmptyComponent={
            <View style={styles.empty} testID="bookings-empty">
              <Muted>
                {when === 'upcoming'
                  ? 'No upcoming bookings. Find a spot and book it: it shows here.'
                  : 'No past bookings yet.'}
              </Muted>
              {when === 'upcoming' ? (
                <Button
                  title="Find parking"
                  variant="secondary"
                  onPress={() => navigation.navigate('HomeTab', { screen: 'Home' })}
                  testID="bookings-find-parking"
                />
              ) : null}
            </View>
          }
        />
      )}
    </Screen>
  );
}

const styles = StyleSheet.create({
  header: { paddingHorizontal: 16, paddingTop: 12, gap: 8 },
  segments: {
    flexDirection: 'row',
    backgroundColor: '#e9eaee',
    borderRadius: 10,
    padding: 3,
  },
  segment: { flex: 1, paddingVertical: 8, borderRadius: 8, alignItems: 'center' },
  segmentSelected: { backgroundColor: colors.card },
  segmentText: { color: colors.muted, fontWeight: '600' },
  segmentTextSelected: { color: colors.text },
  list: { padding: 16, gap: 10, flexGrow: 1 },
  rowCard: { gap: 4 },
  rowTop: { justifyContent: 'space-between', flexWrap: 'nowrap' },
  rowTitle: { flex: 1, fontSize: 16, fontWeight: '600', color: colors.text },
  rowTotal: { fontSize: 15, fontWeight: '600', color: colors.text },
  empty: { alignItems: 'center', gap: 12, paddingTop: 32 },
});
