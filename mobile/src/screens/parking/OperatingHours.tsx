// A spot's weekly opening hours, in the spot's own time zone, with whether it is open now.
import { StyleSheet, Text, View } from 'react-native';

import { colors, Muted } from '../../components/ui';
import type { Spot } from '../../services/parkingSpot';
import { deviceTimeZone, WEEKDAYS, zoned, type Weekday } from './zoned';

type Hours = NonNullable<Spot['operating_hours']>;

const DAY_NAMES: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

// Open at `weekday` `minute` (in the spot's zone)? Ranges closing before they open run past midnight.
export function isOpen(hours: Hours, weekday: Weekday, minute: number): boolean {
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(weekday) + 6) % 7];
  const today = (hours[weekday] ?? []).some(([open, close]) => {
    const from = minutesOf(open);
    const to = minutesOf(close);
    return to > from ? minute >= from && minute < to : minute >= from;
  });
  const spill = (hours[yesterday] ?? []).some(([open, close]) => minutesOf(close) <= minutesOf(open) && minute < minutesOf(close));
  return today || spill;
}

export function OperatingHours({ hours, timeZone }: { hours: Spot['operating_hours']; timeZone: string }) {
  const now = zoned(new Date(), timeZone);
  const elsewhere = deviceTimeZone() !== timeZone;
  if (!hours) {
    return (
      <View testID="spot-hours" style={styles.box}>
        <Text style={styles.open}>Open 24 hours, every day</Text>
      </View>
    );
  }
  const openNow = isOpen(hours, now.weekday, now.hour * 60 + now.minute);
  return (
    <View testID="spot-hours" style={styles.box}>
      <Text style={openNow ? styles.open : styles.closed} testID="spot-open-now">{openNow ? 'Open now' : 'Closed now'}</Text>
      {WEEKDAYS.map((day) => {
        const ranges = hours[day] ?? [];
        return (
          <View key={day} style={[styles.row, day === now.weekday && styles.today]}>
            <Text style={styles.day}>{DAY_NAMES[day]}</Text>
            <Text style={styles.ranges}>{ranges.length ? ranges.map(([open, close]) => `${open}–${close}`).join(', ') : 'Closed'}</Text>
          </View>
        );
      })}
      <Muted>Times in the spot’s time zone ({timeZone}){elsewhere ? `, local time there is ${String(now.hour).padStart(2, '0')}:${String(now.minute).padStart(2, '0')}` : ''}.</Muted>
    </View>
  );
}

const styles = StyleSheet.create({
  box: { gap: 4 },
  row: { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: 2, paddingHorizontal: 4, borderRadius: 4 },
  today: { backgroundColor: '#e8f0fe' },
  day: { color: colors.text, fontSize: 14 },
  ranges: { color: colors.text, fontSize: 14, fontVariant: ['tabular-nums'] },
  open: { color: colors.success, fontWeight: '600' },
  closed: { color: colors.danger, fontWeight: '600' },
});
