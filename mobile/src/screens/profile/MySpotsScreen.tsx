import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function MySpotsScreen() {
  return (
    <Screen testID="my-spots-screen">
      <Title>MySpots</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
