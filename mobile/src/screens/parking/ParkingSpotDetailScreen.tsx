import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function ParkingSpotDetailScreen() {
  return (
    <Screen testID="spot-detail-screen">
      <Title>Parking spot</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
