import { Muted, Screen, Title } from '../../components/ui';

// Placeholder: replaced by the screen itself.
export default function SpotEditorScreen() {
  return (
    <Screen testID="spot-editor-screen">
      <Title>SpotEditor</Title>
      <Muted>Coming next.</Muted>
    </Screen>
  );
}
