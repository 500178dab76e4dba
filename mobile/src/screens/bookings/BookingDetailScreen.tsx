import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function BookingDetailScreen() {
  return (
    <Screen testID="booking-detail-screen">
      <Title>Booking</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
