// A booking's status as a coloured pill; its text is the raw status ("in_progress"), which tests read.
import { StyleSheet, Text } from 'react-native';

import { colors } from '../../components/ui';
import type { BookingStatus } from '../../services/booking';

const tones: Record<BookingStatus, { background: string; text: string }> = {
  pending: { background: '#fff4e0', text: '#9a5b00' },
  confirmed: { background: '#e6f0ff', text: colors.primaryDark },
  in_progress: { background: '#e5f6e8', text: colors.success },
  completed: { background: '#eeeef1', text: colors.text },
  cancelled: { background: '#fdecec', text: colors.danger },
  refunded: { background: '#fdecec', text: colors.danger },
};

export function StatusBadge({ status, testID }: { status: BookingStatus; testID?: string }) {
  const tone = tones[status];
  return (
    <Text
      accessibilityLabel={`Status: ${status.replace('_', ' ')}`}
      style={[styles.badge, { backgroundColor: tone.background, color: tone.text }]}
      testID={testID}
    >
      {status}
    </Text>
  );
}

const styles = StyleSheet.create({
  badge: {
    alignSelf: 'flex-start',
    borderRadius: 10,
    overflow: 'hidden',
    paddingHorizontal: 8,
    paddingVertical: 2,
    fontSize: 12,
    fontWeight: '600',
  },
});
