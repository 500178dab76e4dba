import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function SettingsScreen() {
  return (
    <Screen testID="settings-screen">
      <Title>Settings</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
