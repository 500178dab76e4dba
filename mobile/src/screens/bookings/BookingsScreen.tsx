import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function BookingsScreen() {
  return (
    <Screen testID="bookings-screen">
      <Title>My bookings</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
