import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function BookScreen() {
  return (
    <Screen testID="book-screen">
      <Title>Book</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
