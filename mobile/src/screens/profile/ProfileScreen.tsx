import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function ProfileScreen() {
  return (
    <Screen testID="profile-screen">
      <Title>Profile</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
