// The booking window: start and end typed as 'YYYY-MM-DD HH:mm' in local time, with quick buttons.
import { StyleSheet, View } from 'react-native';

import { addHours, formatLocal, parseLocal, soon } from '../../components/localTime';
import { Chip, Field, Muted, Row } from '../../components/ui';
import { formatDateTime } from '../../components/format';
import { deviceTimeZone } from './zoned';

interface Props {
  start: string;
  end: string;
  onChange: (start: string, end: string) => void;
  timeZone: string; // the spot's
}

export function WindowFields({ start, end, onChange, timeZone }: Props) {
  const from = parseLocal(start);
  const until = parseLocal(end);
  const setSoon = () => {
    const begin = soon();
    onChange(formatLocal(begin), formatLocal(addHours(begin, 1)));
  };
  const lengthen = (hours: number) => {
    if (until) return onChange(start, formatLocal(addHours(until, hours)));
    if (from) return onChange(start, formatLocal(addHours(from, hours)));
    const begin = soon();
    return onChange(formatLocal(begin), formatLocal(addHours(begin, hours)));
  };
  const tomorrow = () => {
    const begin = soon();
    begin.setDate(begin.getDate() + 1);
    begin.setHours(9, 0, 0, 0);
    onChange(formatLocal(begin), formatLocal(addHours(begin, 8)));
  };

  return (
    <View style={styles.box}>
      <Row>
        <View style={styles.grow}>
          <Field label="Start (YYYY-MM-DD HH:mm)" testID="book-start" value={start} autoCapitalize="none"
            onChangeText={(text) => onChange(text, end)} placeholder={formatLocal(soon())} />
        </View>
        <View style={styles.grow}>
          <Field label="End (YYYY-MM-DD HH:mm)" testID="book-end" value={end} autoCapitalize="none"
            onChangeText={(text) => onChange(start, text)} placeholder={formatLocal(addHours(soon(), 1))} />
        </View>
      </Row>
      <Row>
        <Chip label="Soon, for 1 h" selected={false} onPress={setSoon} testID="book-quick-soon" />
        <Chip label="+1 h" selected={false} onPress={() => lengthen(1)} testID="book-plus-hour" />
        <Chip label="+1 day" selected={false} onPress={() => lengthen(24)} testID="book-plus-day" />
        <Chip label="Tomorrow 9–17" selected={false} onPress={tomorrow} testID="book-quick-tomorrow" />
      </Row>
      <Muted>Times are on the quarter hour, at least 30 minutes.</Muted>
      {from && until && deviceTimeZone() !== timeZone ? (
        <Muted testID="book-spot-time">
          At the spot ({timeZone}): {formatDateTime(from.toISOString(), timeZone)} – {formatDateTime(until.toISOString(), timeZone)}
        </Muted>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  box: { gap: 8 },
  grow: { flex: 1, minWidth: 150 },
});
