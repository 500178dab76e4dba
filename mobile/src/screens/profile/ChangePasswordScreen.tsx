import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function ChangePasswordScreen() {
  return (
    <Screen testID="change-password-screen">
      <Title>ChangePassword</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
