import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function OwnerReviewsScreen() {
  return (
    <Screen testID="owner-reviews-screen">
      <Title>OwnerReviews</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
