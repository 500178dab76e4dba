import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function HomeScreen() {
  return (
    <Screen testID="home-screen">
      <Title>Find parking</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
