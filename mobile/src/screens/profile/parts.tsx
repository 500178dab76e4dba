// Small pieces the Profile tab's screens share.
import type { ReactNode } from 'react';
import { Pressable, StyleSheet, Switch, Text, View } from 'react-native';

import { colors } from '../../components/ui';

export function SuccessText({ children, testID }: { children: ReactNode; testID?: string }) {
  return (
    <Text accessibilityRole="alert" style={local.success} testID={testID}>
      {children}
    </Text>
  );
}

// A labelled on/off switch; the testID sits on the whole row, so a click anywhere toggles it.
export function Toggle({ label, value, onChange, testID }: { label: string; value: boolean; onChange: (value: boolean) => void; testID?: string }) {
  return (
    <Pressable accessibilityRole="switch" accessibilityState={{ checked: value }} onPress={() => onChange(!value)}
      style={local.toggle} testID={testID}>
      <Text style={local.toggleLabel}>{label}</Text>
      <View pointerEvents="none">
        <Switch value={value} trackColor={{ true: colors.primary, false: colors.border }} />
      </View>
    </Pressable>
  );
}

// A status word as a coloured pill (the text is the raw status, for tests and screen readers).
const STATUS_COLORS: Record<string, string> = {
  pending: '#b26a00', confirmed: colors.primary, in_progress: colors.success, completed: colors.muted,
  cancelled: colors.danger, refunded: colors.danger, active: colors.success, inactive: colors.danger, paused: '#b26a00',
};

export function StatusPill({ status, testID }: { status: string; testID?: string }) {
  const color = STATUS_COLORS[status] ?? colors.muted;
  return (
    <Text style={[local.pill, { color, borderColor: color }]} testID={testID}>
      {status}
    </Text>
  );
}

const local = StyleSheet.create({
  success: { color: colors.success, fontSize: 14, fontWeight: '600' },
  toggle: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between', paddingVertical: 6 },
  toggleLabel: { fontSize: 16, color: colors.text },
  pill: { borderWidth: 1, borderRadius: 10, paddingHorizontal: 8, paddingVertical: 2, fontSize: 12, fontWeight: '600', overflow: 'hidden' },
});
