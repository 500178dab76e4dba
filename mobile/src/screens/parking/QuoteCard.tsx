// The price of the picked window: subtotal (the owner's share) + service fee = total, and how the
// rate tiers were applied.
import { StyleSheet, Text, View } from 'react-native';

import { formatMoney } from '../../components/format';
import { Card, colors, Heading, Muted } from '../../components/ui';
import type { Quote } from '../../services/parkingSpot';

function tiersText(quote: Quote): string {
  const parts: string[] = [];
  if (quote.tiers.monthly) parts.push(`${quote.tiers.monthly} × month`);
  if (quote.tiers.daily) parts.push(`${quote.tiers.daily} × day`);
  if (quote.tiers.hourly_hours) parts.push(`${quote.tiers.hourly_hours} h at the hourly rate`);
  return parts.join(' + ');
}

function Line({ label, value, testID, strong }: { label: string; value: string; testID: string; strong?: boolean }) {
  return (
    <View style={styles.line}>
      <Text style={strong ? styles.strong : styles.label}>{label}</Text>
      <Text style={strong ? styles.strong : styles.value} testID={testID}>{value}</Text>
    </View>
  );
}

export function QuoteCard({ quote }: { quote: Quote }) {
  const hours = quote.duration_hours;
  return (
    <Card testID="quote">
      <Heading>Price</Heading>
      <Muted testID="quote-duration">
        {hours} {hours === 1 ? 'hour' : 'hours'}: {tiersText(quote)}
      </Muted>
      <Line label="Parking" value={formatMoney(quote.subtotal)} testID="quote-subtotal" />
      <Line label="Service fee" value={formatMoney(quote.service_fee)} testID="quote-fee" />
      <Line label="Total" value={formatMoney(quote.total)} testID="quote-total" strong />
    </Card>
  );
}

const styles = StyleSheet.create({
  line: { flexDirection: 'row', justifyContent: 'space-between' },
  label: { color: colors.muted, fontSize: 15 },
  value: { color: colors.text, fontSize: 15, fontVariant: ['tabular-nums'] },
  strong: { color: colors.text, fontSize: 17, fontWeight: '700', fontVariant: ['tabular-nums'] },
});
