import { useState } from 'react';

import { Button, ErrorText, Field, Muted, Screen, Title } from '../../components/ui';
import { messageOf } from '../../services/errors';
import { changePassword } from '../../services/user';
import { SuccessText } from './parts';

export default function ChangePasswordScreen() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setSaving(true);
    setSaved(false);
    setError(null);
    try {
      // the service signs out every other device and gives this one a new token pair
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setSaved(true);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Screen testID="change-password-screen">
      <Title>Change password</Title>
      <Muted>Your other devices will be signed out; this one stays signed in.</Muted>
      <Field label="Current password" testID="password-current" value={current} onChangeText={setCurrent}
        secureTextEntry autoComplete="current-password" />
      <Field label="New password (at least 8 characters)" testID="password-new" value={next} onChangeText={setNext}
        secureTextEntry autoComplete="new-password" onSubmitEditing={() => void save()} />
      <ErrorText message={error} testID="password-error" />
      {saved ? <SuccessText testID="password-saved">Password changed. Other devices were signed out.</SuccessText> : null}
      <Button title="Change password" testID="password-save" loading={saving}
        onPress={() => void save()} />
    </Screen>
  );
}
