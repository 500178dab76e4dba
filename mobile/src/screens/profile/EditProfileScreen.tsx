import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function EditProfileScreen() {
  return (
    <Screen testID="edit-profile-screen">
      <Title>EditProfile</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
