import { useEffect, useState } from 'react';
import { Pressable, StyleSheet, Text, TextInput, View } from 'react-native';

import { Button, Card, Chip, ErrorText, Heading, Loading, Muted, Row, Screen, Title, colors, styles } from '../../components/ui';
import type { ProfileScreenProps } from '../../navigation/types';
import { messageOf } from '../../services/errors';
import { setOperatingHours, type OperatingHours } from '../../services/ownerSpots';
import { useOwnerStore, type OwnedSpot } from '../../stores/ownerStore';
import { BlackoutsSection } from './BlackoutsSection';
import { SuccessText } from './parts';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
const DAY_NAME: Record<Day, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};
type Week = Record<Day, [string, string][]>;

const OPENS = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const CLOSES = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

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

function Schedule({ spot }: { spot: OwnedSpot }) {
  const spotId = spot.id;
  const timeZone = spot.timezone;
  const upsert = useOwnerStore((state) => state.upsert);

  const [alwaysOpen, setAlwaysOpen] = useState(spot.operating_hours === null);
  const [week, setWeek] = useState<Week>(() => weekFrom(spot.operating_hours));
  const [savingHours, setSavingHours] = useState(false);
  const [hoursError, setHoursError] = useState<string | null>(null);
  const [hoursSaved, setHoursSaved] = useState(false);

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

      <BlackoutsSection spotId={spotId} timeZone={timeZone} />
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
