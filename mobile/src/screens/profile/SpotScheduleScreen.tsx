import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function SpotScheduleScreen() {
  return (
    <Screen testID="spot-schedule-screen">
      <Title>SpotSchedule</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
