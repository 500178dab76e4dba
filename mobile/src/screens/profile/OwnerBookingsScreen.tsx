import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function OwnerBookingsScreen() {
  return (
    <Screen testID="owner-bookings-screen">
      <Title>OwnerBookings</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
