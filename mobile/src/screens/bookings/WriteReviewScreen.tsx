import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function WriteReviewScreen() {
  return (
    <Screen testID="write-review-screen">
      <Title>Review</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
