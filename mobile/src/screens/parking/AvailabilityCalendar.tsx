// The next days of a spot, hour by hour in the spot's time zone: busy (booked or blacked out) or free,
// with the exact busy times listed under each day.
import { useMemo } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { colors, Muted } from '../../components/ui';
import type { Calendar, Spot } from '../../services/parkingSpot';
import { isOpen } from './OperatingHours';
import { zoned, zonedTime } from './zoned';

const HOUR = 3_600_000;

interface Day {
  key: string;
  label: string;
  cells: ('past' | 'free' | 'busy' | 'closed')[]; // 24 hours
  busy: string[]; // '09:00–11:30 booked'
}

export function buildDays(calendar: Calendar, timeZone: string, hours: Spot['operating_hours'], days: number, now = new Date()): Day[] {
  const busy = calendar.busy.map((interval) => ({
    start: new Date(interval.starts_at).getTime(),
    end: new Date(interval.ends_at).getTime(),
    kind: interval.kind,
  }));
  const byKey = new Map<string, Day>();
  const first = Math.floor(now.getTime() / HOUR) * HOUR;
  for (let t = first; t < first + days * 24 * HOUR; t += HOUR) {
    const parts = zoned(new Date(t), timeZone);
    let day = byKey.get(parts.dateKey);
    if (!day) {
      if (byKey.size === days) break;
      day = { key: parts.dateKey, label: parts.dayLabel, cells: Array(24).fill('past'), busy: [] };
      byKey.set(parts.dateKey, day);
    }
    const taken = busy.some((b) => b.start < t + HOUR && b.end > t);
    day.cells[parts.hour] = taken ? 'busy' : hours && !isOpen(hours, parts.weekday, parts.hour * 60) ? 'closed' : 'free';
  }
  for (const b of busy) {
    const startKey = zoned(new Date(b.start), timeZone).dateKey;
    const endKey = zoned(new Date(b.end - 1), timeZone).dateKey;
    for (const day of byKey.values()) {
      if (day.key < startKey || day.key > endKey) continue;
      const from = day.key === startKey ? zonedTime(new Date(b.start), timeZone) : '00:00';
      const to = day.key === endKey ? zonedTime(new Date(b.end), timeZone) : '24:00';
      day.busy.push(`${from}–${to === '00:00' ? '24:00' : to} ${b.kind === 'booking' ? 'booked' : 'blocked by the owner'}`);
    }
  }
  return [...byKey.values()];
}

function DayStatus({ day }: { day: Day }) {
  if (day.busy.length) return <Text style={styles.busyText}>Partly booked</Text>;
  if (!day.cells.includes('free')) return <Text style={styles.closedText}>Closed</Text>;
  return <Text style={styles.freeText}>Free</Text>;
}

interface Props {
  calendar: Calendar;
  timeZone: string;
  hours: Spot['operating_hours'];
  days?: number;
}

export function AvailabilityCalendar({ calendar, timeZone, hours, days = 7 }: Props) {
  const rows = useMemo(() => buildDays(calendar, timeZone, hours, days), [calendar, timeZone, hours, days]);
  return (
    <View testID="spot-calendar" style={styles.box}>
      <View style={styles.legend}>
        <View style={[styles.swatch, styles.free]} /><Muted>free</Muted>
        <View style={[styles.swatch, styles.busy]} /><Muted>busy</Muted>
        {hours ? <><View style={[styles.swatch, styles.closed]} /><Muted>closed</Muted></> : null}
        <Muted>(hours 0–23, {timeZone})</Muted>
      </View>
      {rows.map((day) => (
        <View key={day.key} style={styles.day} testID={`calendar-day-${day.key}`}>
          <View style={styles.head}>
            <Text style={styles.label}>{day.label}</Text>
            <DayStatus day={day} />
          </View>
          <View style={styles.cells}>
            {day.cells.map((cell, hour) => (
              <View key={hour} style={[styles.cell, cell === 'free' && styles.free, cell === 'busy' && styles.busy, cell === 'closed' && styles.closed]} />
            ))}
          </View>
          {day.busy.map((text) => (
            <Muted key={text}>Busy {text}</Muted>
          ))}
        </View>
      ))}
    </View>
  );
}

const styles = StyleSheet.create({
  box: { gap: 10 },
  legend: { flexDirection: 'row', alignItems: 'center', gap: 6, flexWrap: 'wrap' },
  swatch: { width: 12, height: 12, borderRadius: 2 },
  day: { gap: 4 },
  head: { flexDirection: 'row', justifyContent: 'space-between' },
  label: { fontWeight: '600', color: colors.text },
  cells: { flexDirection: 'row', gap: 1 },
  cell: { flex: 1, height: 14, borderRadius: 2, backgroundColor: '#ececf0' },
  free: { backgroundColor: '#b9e4c0' },
  busy: { backgroundColor: '#ef9a9a' },
  closed: { backgroundColor: '#c9ccd3' },
  busyText: { color: colors.danger, fontSize: 13 },
  freeText: { color: colors.success, fontSize: 13 },
  closedText: { color: colors.muted, fontSize: 13 },
});
