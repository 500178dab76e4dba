import { useEffect, useState } from 'react';
import { Pressable, StyleSheet, Text, TextInput, View } from 'react-native';

import { formatDateTime } from '../../components/format';
import { Button, Card, Chip, ErrorText, Field, Heading, Loading, Muted, Row, Screen, Title, colors, styles } from '../../components/ui';
import type { ProfileScreenProps } from '../../navigation/types';
import { messageOf } from '../../services/errors';
import {
  addBlackout, busyIntervals, deleteBlackout, setOperatingHours, type Blackout, type OperatingHours,
} from '../../services/ownerSpots';
import { useOwnerStore, type OwnedSpot } from '../../stores/ownerStore';
import { SuccessText } from './parts';
import { dateToWallTime, wallTimeToDate } from './zonedTime';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
const DAY_NAME: Record<Day, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};
type Week = Record<Day, [string, string][]>;

const OPENS = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const CLOSES = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;
const LOOK_AHEAD_DAYS = 92; // the most the calendar answers at once

function weekFrom(hours: Record<string, string[][]> | null): Week {
  const week = Object.fromEntries(DAYS.map((day) => [day, [] as [string, string][]])) as Week;
  if (hours) {
    for (const day of DAYS) week[day] = (hours[day] ?? []).map(([opens, closes]) => [opens, closes]);
  }
  return week;
}

// A day with no hours is closed; the service reads a close before the open as running past midnight.
function hoursFrom(week: Week): { hours: OperatingHours } | { error: string } {
  const hours: OperatingHours = {};
  for (const day of DAYS) {
    for (const [opens, closes] of week[day]) {
      if (!OPENS.test(opens) || !CLOSES.test(closes)) {
        return { error: `${DAY_NAME[day]}: write times as HH:MM, e.g. 08:00 to 18:00 (24:00 for midnight).` };
      }
    }
    if (week[day].length > 0) hours[day] = week[day];
  }
  return { hours };
}

interface ShownBlackout {
  key: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  id: string | null; // known when created from this app (the service lists no ids)
}

export default function SpotScheduleScreen({ route }: ProfileScreenProps<'SpotSchedule'>) {
  const { spotId } = route.params;
  const spot = useOwnerStore((state) => state.spots.find((item) => item.id === spotId));
  const { loaded, load } = useOwnerStore();

  useEffect(() => {
    if (!loaded) void load();
  }, [loaded, load]);

  if (!spot) {
    return (
      <Screen testID="spot-schedule-screen">
        {loaded ? <ErrorText message="This listing was not found among yours." testID="schedule-error" /> : <Loading />}
      </Screen>
    );
  }
  return <Schedule spot={spot} />;
}

interface Calendar {
  from: number; // when it was read (ms)
  blackouts: ShownBlackout[];
}

function Schedule({ spot }: { spot: OwnedSpot }) {
  const spotId = spot.id;
  const timeZone = spot.timezone;
  const known = useOwnerStore((state) => state.blackouts[spotId]);
  const { upsert, rememberBlackout, forgetBlackout } = useOwnerStore();

  const [alwaysOpen, setAlwaysOpen] = useState(spot.operating_hours === null);
  const [week, setWeek] = useState<Week>(() => weekFrom(spot.operating_hours));
  const [savingHours, setSavingHours] = useState(false);
  const [hoursError, setHoursError] = useState<string | null>(null);
  const [hoursSaved, setHoursSaved] = useState(false);

  const [calendar, setCalendar] = useState<Calendar | null>(null);
  const [version, setVersion] = useState(0); // bumped to read the calendar again
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const [adding, setAdding] = useState(false);
  const [blackoutError, setBlackoutError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const from = new Date();
    const to = new Date(from.getTime() + LOOK_AHEAD_DAYS * 24 * 3600 * 1000);
    busyIntervals(spotId, from, to)
      .then((intervals) => {
        if (!live) return;
        setCalendar({
          from: from.getTime(),
          blackouts: intervals.filter((item) => item.kind === 'blackout').map((item, index) => ({
            key: `busy-${index}`, startsAt: item.starts_at, endsAt: item.ends_at, reason: null, id: null,
          })),
        });
      })
      .catch((failure: unknown) => {
        if (!live) return;
        setBlackoutError(messageOf(failure));
        setCalendar({ from: from.getTime(), blackouts: [] });
      });
    return () => {
      live = false;
    };
  }, [spotId, version]);

  // The calendar's blackouts, with the id and reason of those created here.
  const same = (a: string, b: string) => new Date(a).getTime() === new Date(b).getTime();
  const mine: Blackout[] = known ?? [];
  const shown: ShownBlackout[] = (calendar?.blackouts ?? []).map((item) => {
    const match = mine.find((blackout) => same(blackout.starts_at, item.startsAt) && same(blackout.ends_at, item.endsAt));
    return match ? { key: match.id, startsAt: match.starts_at, endsAt: match.ends_at, reason: match.reason, id: match.id } : item;
  });
  for (const blackout of mine) {
    if (calendar && !shown.some((item) => item.id === blackout.id) && new Date(blackout.ends_at).getTime() > calendar.from) {
      shown.push({ key: blackout.id, startsAt: blackout.starts_at, endsAt: blackout.ends_at, reason: blackout.reason, id: blackout.id });
    }
  }
  shown.sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime());

  const editDay = (day: Day, change: (intervals: [string, string][]) => [string, string][]) => {
    setWeek((current) => ({ ...current, [day]: change(current[day]) }));
    setHoursSaved(false);
  };

  const saveHours = async () => {
    setHoursError(null);
    setHoursSaved(false);
    let hours: OperatingHours | null = null;
    if (!alwaysOpen) {
      const built = hoursFrom(week);
      if ('error' in built) {
        setHoursError(built.error);
        return;
      }
      hours = built.hours;
    }
    setSavingHours(true);
    try {
      upsert(await setOperatingHours(spotId, hours));
      setHoursSaved(true);
    } catch (failure) {
      setHoursError(messageOf(failure));
    } finally {
      setSavingHours(false);
    }
  };

  const add = async () => {
    setBlackoutError(null);
    const startsAt = wallTimeToDate(start, timeZone);
    const endsAt = wallTimeToDate(end, timeZone);
    if (!startsAt || !endsAt) {
      setBlackoutError('Write the start and the end as YYYY-MM-DD HH:mm, e.g. 2030-05-03 08:00.');
      return;
    }
    setAdding(true);
    try {
      rememberBlackout(await addBlackout(spotId, startsAt, endsAt, reason.trim() === '' ? null : reason.trim()));
      setStart('');
      setEnd('');
      setReason('');
      setVersion((value) => value + 1);
    } catch (failure) {
      setBlackoutError(messageOf(failure));
    } finally {
      setAdding(false);
    }
  };

  const remove = async (blackoutId: string) => {
    setBlackoutError(null);
    setRemoving(blackoutId);
    try {
      await deleteBlackout(spotId, blackoutId);
      forgetBlackout(spotId, blackoutId);
      setVersion((value) => value + 1);
    } catch (failure) {
      setBlackoutError(messageOf(failure));
    } finally {
      setRemoving(null);
    }
  };

  // tomorrow on the spot's clock, as an example of the format
  const example = calendar ? dateToWallTime(new Date(calendar.from + 24 * 3600 * 1000), timeZone).slice(0, 10) : '2030-05-03';

  return (
    <Screen testID="spot-schedule-screen">
      <Title>{spot.title}</Title>
      <Muted>Times are in the time zone of the spot ({timeZone}).</Muted>

      <Heading>Opening hours</Heading>
      <Row>
        <Chip label="Always open" selected={alwaysOpen} testID="hours-always-open"
          onPress={() => { setAlwaysOpen(true); setHoursSaved(false); }} />
        <Chip label="Set hours per day" selected={!alwaysOpen} testID="hours-weekly"
          onPress={() => { setAlwaysOpen(false); setHoursSaved(false); }} />
      </Row>
      {!alwaysOpen ? (
        <Card>
          {DAYS.map((day) => (
            <View key={day} style={local.day} testID={`hours-${day}`}>
              <Row style={local.dayHeader}>
                <Text style={local.dayName}>{DAY_NAME[day]}</Text>
                <Chip label={week[day].length > 0 ? 'Open' : 'Closed'} selected={week[day].length > 0} testID={`hours-day-${day}`}
                  onPress={() => editDay(day, (intervals) => (intervals.length > 0 ? [] : [['08:00', '18:00']]))} />
              </Row>
              {week[day].map(([opens, closes], index) => (
                <Row key={index} style={local.interval}>
                  <TextInput style={[styles.input, local.time]} value={opens} placeholder="08:00" testID={`hours-open-${day}-${index}`}
                    accessibilityLabel={`${DAY_NAME[day]} opens`}
                    onChangeText={(text) => editDay(day, (intervals) => intervals.map((item, i) => (i === index ? [text, item[1]] : item)))} />
                  <Text style={styles.muted}>to</Text>
                  <TextInput style={[styles.input, local.time]} value={closes} placeholder="18:00" testID={`hours-close-${day}-${index}`}
                    accessibilityLabel={`${DAY_NAME[day]} closes`}
                    onChangeText={(text) => editDay(day, (intervals) => intervals.map((item, i) => (i === index ? [item[0], text] : item)))} />
                  <Pressable accessibilityRole="button" accessibilityLabel="Remove these hours" testID={`hours-remove-${day}-${index}`}
                    onPress={() => editDay(day, (intervals) => intervals.filter((_, i) => i !== index))}>
                    <Text style={local.remove}>✕</Text>
                  </Pressable>
                </Row>
              ))}
              {week[day].length > 0 ? (
                <Pressable accessibilityRole="button" testID={`hours-add-${day}`}
                  onPress={() => editDay(day, (intervals) => [...intervals, ['18:00', '22:00']])}>
                  <Text style={local.link}>+ more hours</Text>
                </Pressable>
              ) : null}
            </View>
          ))}
          <Muted>A closing time before the opening time runs past midnight (22:00 to 02:00).</Muted>
        </Card>
      ) : (
        <Muted>Renters can book any time of day, every day.</Muted>
      )}
      <ErrorText message={hoursError} testID="hours-error" />
      {hoursSaved ? <SuccessText testID="hours-saved">Opening hours saved.</SuccessText> : null}
      <Button title="Save opening hours" testID="hours-save" loading={savingHours} onPress={() => void saveHours()} />

      <Heading>Blackouts</Heading>
      <Muted>Close the spot for a period (repairs, your own use). Bookings already made are not affected; a blackout over one is refused.</Muted>
      {calendar === null ? <Loading /> : null}
      {calendar !== null && shown.length === 0 ? <Muted testID="blackouts-empty">No blackouts in the next three months.</Muted> : null}
      {shown.map((item) => (
        <Card key={item.key} testID={item.id ? `blackout-${item.id}` : `blackout-${item.key}`}>
          <Text style={styles.heading}>
            {formatDateTime(item.startsAt, timeZone)} → {formatDateTime(item.endsAt, timeZone)}
          </Text>
          {item.reason ? <Muted>{item.reason}</Muted> : null}
          {item.id ? (
            <Button title="Lift this blackout" variant="secondary" testID={`blackout-delete-${item.id}`}
              loading={removing === item.id} onPress={() => void remove(item.id as string)} />
          ) : (
            <Muted>Set from another device or session.</Muted>
          )}
        </Card>
      ))}
      <Card>
        <Field label={`Starts (YYYY-MM-DD HH:mm, ${timeZone})`} testID="blackout-start" value={start} onChangeText={setStart}
          placeholder={`e.g. ${example} 08:00`} autoCapitalize="none" />
        <Field label="Ends (YYYY-MM-DD HH:mm)" testID="blackout-end" value={end} onChangeText={setEnd}
          placeholder={`e.g. ${example} 18:00`} autoCapitalize="none" />
        <Field label="Reason (optional)" testID="blackout-reason" value={reason} onChangeText={setReason} placeholder="e.g. resurfacing" />
        <ErrorText message={blackoutError} testID="blackout-error" />
        <Button title="Add blackout" testID="blackout-add" loading={adding} onPress={() => void add()} />
      </Card>
    </Screen>
  );
}

const local = StyleSheet.create({
  day: { paddingVertical: 6, borderBottomWidth: StyleSheet.hairlineWidth, borderBottomColor: colors.border, gap: 6 },
  dayHeader: { justifyContent: 'space-between' },
  dayName: { fontSize: 16, fontWeight: '600', color: colors.text },
  interval: { flexWrap: 'nowrap' },
  time: { width: 84, textAlign: 'center' },
  remove: { color: colors.danger, fontSize: 18, paddingHorizontal: 8 },
  link: { color: colors.primary, fontWeight: '600' },
});
