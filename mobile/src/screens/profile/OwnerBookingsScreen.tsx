import { useCallback, useEffect, useRef, useState } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';

import { formatDateTime, formatMoney, formatTime } from '../../components/format';
import { Button, Card, Chip, ErrorText, Loading, Muted, Row, Screen, colors, styles } from '../../components/ui';
import { messageOf } from '../../services/errors';
import {
  BOOKING_STATUSES, cancelBooking, getBooking, ownerBookings, type Booking, type BookingStatus,
} from '../../services/ownerSpots';
import { useRealtimeEvent } from '../../services/realtime';
import { useOwnerStore } from '../../stores/ownerStore';
import { StatusPill } from './parts';

const STATUS_LABEL: Record<BookingStatus, string> = {
  pending: 'Pending', confirmed: 'Confirmed', in_progress: 'In progress', completed: 'Completed',
  cancelled: 'Cancelled', refunded: 'Refunded',
};

const cancellable = (booking: Booking) =>
  (booking.status === 'pending' || booking.status === 'confirmed') && new Date(booking.start_time).getTime() > Date.now();

function sameDay(a: string, b: string, timeZone: string): boolean {
  const day = (iso: string) => new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'short' }).format(new Date(iso));
  return day(a) === day(b);
}

export default function OwnerBookingsScreen() {
  const spots = useOwnerStore((state) => state.spots);
  const { loaded: spotsLoaded, load: loadSpots } = useOwnerStore();

  const [filter, setFilter] = useState<BookingStatus | null>(null);
  const [bookings, setBookings] = useState<Booking[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fresh, setFresh] = useState<Booking[]>([]); // arrived live, for the banner
  const [confirming, setConfirming] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [refunds, setRefunds] = useState<Record<string, number>>({}); // booking id -> percent refunded
  const filterRef = useRef(filter);
  useEffect(() => {
    filterRef.current = filter;
  }, [filter]);

  useEffect(() => {
    if (!spotsLoaded) void loadSpots();
  }, [spotsLoaded, loadSpots]);

  // (state is set only once the answer is in: this runs from an effect)
  const load = useCallback(
    (status: BookingStatus | null) =>
      ownerBookings(1, status ?? undefined).then(
        (first) => {
          if (filterRef.current !== status) return; // the owner picked another filter meanwhile
          setError(null);
          setBookings(first.bookings);
          setTotal(first.total);
          setPage(1);
        },
        (failure: unknown) => {
          setError(messageOf(failure));
          setBookings((current) => current ?? []);
        },
      ),
    [],
  );

  useEffect(() => {
    void load(filter);
  }, [filter, load]);

  const pick = (status: BookingStatus | null) => {
    if (status === filter) return;
    setBookings(null);
    setFilter(status);
  };

  const more = async () => {
    setLoadingMore(true);
    try {
      const next = await ownerBookings(page + 1, filter ?? undefined);
      setBookings((current) => {
        const seen = new Set((current ?? []).map((item) => item.id));
        return [...(current ?? []), ...next.bookings.filter((item) => !seen.has(item.id))];
      });
      setTotal(next.total);
      setPage(page + 1);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  const replace = (booking: Booking) =>
    setBookings((current) => current?.map((item) => (item.id === booking.id ? booking : item)) ?? current);

  // A renter booked one of my spots: it comes in at the top, with a banner.
  useRealtimeEvent('new_booking', (event) => {
    void getBooking(event.booking_id)
      .then((booking) => {
        setFresh((current) => [booking, ...current.filter((item) => item.id !== booking.id)]);
        const status = filterRef.current;
        if (status !== null && booking.status !== status) return;
        setBookings((current) => (current === null ? current : [booking, ...current.filter((item) => item.id !== booking.id)]));
        setTotal((count) => (count === null ? count : count + 1));
      })
      .catch(() => undefined);
  });

  // A booking moved on (paid, cancelled, checked in or out, expired): the status at once, then
  // the amounts (a refund) from the service.
  useRealtimeEvent('booking_update', (event) => {
    setBookings((current) =>
      current?.map((item) => (item.id === event.booking_id ? { ...item, status: event.status } : item)) ?? current);
    setFresh((current) => current.map((item) => (item.id === event.booking_id ? { ...item, status: event.status } : item)));
    void getBooking(event.booking_id).then(replace).catch(() => undefined);
  });

  useRealtimeEvent('resync', () => void load(filterRef.current));

  const cancel = async (booking: Booking) => {
    setCancelling(true);
    setCancelError(null);
    try {
      const cancelled = await cancelBooking(booking.id, 'cancelled by the spot owner');
      replace({ ...booking, ...cancelled });
      setRefunds((current) => ({ ...current, [booking.id]: cancelled.refund_percent }));
      setConfirming(null);
    } catch (failure) {
      setCancelError(messageOf(failure));
    } finally {
      setCancelling(false);
    }
  };

  const spotOf = (booking: Booking) => spots.find((spot) => spot.id === booking.parking_spot_id);

  const windowOf = (booking: Booking) => {
    const timeZone = spotOf(booking)?.timezone;
    const start = formatDateTime(booking.start_time, timeZone);
    const end = timeZone && sameDay(booking.start_time, booking.end_time, timeZone)
      ? formatTime(booking.end_time, timeZone)
      : formatDateTime(booking.end_time, timeZone);
    return `${start} → ${end}`;
  };

  return (
    <Screen testID="owner-bookings-screen">
      {fresh.length > 0 ? (
        <View style={local.banner} testID="new-booking-banner" accessibilityRole="alert">
          <View style={{ flex: 1 }}>
            <Text style={local.bannerTitle}>New booking{fresh.length > 1 ? `s (${fresh.length})` : ''}</Text>
            <Text style={local.bannerText}>
              {spotOf(fresh[0])?.title ?? 'One of your spots'} · {windowOf(fresh[0])} · {formatMoney(fresh[0].owner_payout)} payout
            </Text>
          </View>
          <Pressable accessibilityRole="button" accessibilityLabel="Dismiss" testID="new-booking-dismiss" onPress={() => setFresh([])}>
            <Text style={local.bannerClose}>✕</Text>
          </Pressable>
        </View>
      ) : null}

      <Row>
        <Chip label="All" selected={filter === null} testID="owner-bookings-filter-all" onPress={() => pick(null)} />
        {BOOKING_STATUSES.map((status) => (
          <Chip key={status} label={STATUS_LABEL[status]} selected={filter === status} testID={`owner-bookings-filter-${status}`}
            onPress={() => pick(status)} />
        ))}
      </Row>
      {total !== null && bookings !== null && bookings.length > 0 ? (
        <Muted testID="owner-bookings-count">{total} booking{total === 1 ? '' : 's'}</Muted>
      ) : null}
      <ErrorText message={error} testID="owner-bookings-error" />
      {bookings === null ? <Loading /> : null}
      {bookings !== null && bookings.length === 0 && !error ? (
        <Muted testID="owner-bookings-empty">
          {filter === null ? 'No bookings of your spots yet. New ones appear here as renters book.' : `No ${STATUS_LABEL[filter].toLowerCase()} bookings.`}
        </Muted>
      ) : null}

      {(bookings ?? []).map((booking) => {
        const isNew = fresh.some((item) => item.id === booking.id);
        return (
          <Card key={booking.id} testID={`owner-booking-${booking.id}`} style={isNew ? local.newCard : undefined}>
            <Row style={{ justifyContent: 'space-between' }}>
              <Text style={[styles.heading, { flex: 1, marginTop: 0 }]}>{spotOf(booking)?.title ?? 'Parking spot'}</Text>
              <StatusPill status={booking.status} testID={`owner-booking-status-${booking.id}`} />
            </Row>
            <Text style={local.window}>{windowOf(booking)}</Text>
            <Row>
              <Muted>Total {formatMoney(booking.total_amount)}</Muted>
              <Muted>·</Muted>
              <Text style={local.payout}>Your payout {formatMoney(booking.owner_payout)}</Text>
            </Row>
            {booking.vehicle_plate ? (
              <Muted>
                Vehicle: {[booking.vehicle_color, booking.vehicle_make, booking.vehicle_model, booking.vehicle_plate].filter(Boolean).join(' ')}
              </Muted>
            ) : null}
            {booking.special_requests ? <Muted>“{booking.special_requests}”</Muted> : null}
            {booking.refund_amount > 0 ? (
              <Muted testID={`owner-booking-refund-${booking.id}`}>
                Refunded to the renter: {formatMoney(booking.refund_amount)}
                {refunds[booking.id] !== undefined ? ` (${refunds[booking.id]} %)` : ''}
              </Muted>
            ) : null}
            {booking.status === 'cancelled' && refunds[booking.id] !== undefined && booking.refund_amount === 0 ? (
              <Muted testID={`owner-booking-refund-${booking.id}`}>Cancelled; nothing had been paid.</Muted>
            ) : null}
            {cancellable(booking) && confirming !== booking.id ? (
              <Button title="Cancel booking" variant="secondary" testID={`owner-cancel-${booking.id}`}
                onPress={() => { setConfirming(booking.id); setCancelError(null); }} />
            ) : null}
            {confirming === booking.id ? (
              <View style={local.confirm}>
                <Text style={styles.muted}>Cancel this booking? The renter gets a full refund and is told at once.</Text>
                <ErrorText message={cancelError} testID="owner-cancel-error" />
                <Row>
                  <View style={{ flex: 1 }}>
                    <Button title="Yes, cancel" variant="danger" testID="owner-cancel-confirm" loading={cancelling}
                      onPress={() => void cancel(booking)} />
                  </View>
                  <View style={{ flex: 1 }}>
                    <Button title="Keep it" variant="secondary" testID="owner-cancel-keep" onPress={() => setConfirming(null)} />
                  </View>
                </Row>
              </View>
            ) : null}
          </Card>
        );
      })}
      {bookings !== null && total !== null && bookings.length < total ? (
        <Button title="Show more" variant="secondary" testID="owner-bookings-more" loading={loadingMore} onPress={() => void more()} />
      ) : null}
    </Screen>
  );
}

const local = StyleSheet.create({
  banner: { flexDirection: 'row', alignItems: 'center', gap: 8, backgroundColor: colors.success, borderRadius: 12, padding: 12 },
  bannerTitle: { color: '#fff', fontWeight: '700', fontSize: 16 },
  bannerText: { color: '#fff', fontSize: 14 },
  bannerClose: { color: '#fff', fontSize: 18, paddingHorizontal: 6 },
  newCard: { borderColor: colors.success, borderWidth: 2 },
  window: { fontSize: 15, color: colors.text },
  payout: { fontSize: 14, color: colors.success, fontWeight: '600' },
  confirm: { gap: 8, marginTop: 4 },
});
