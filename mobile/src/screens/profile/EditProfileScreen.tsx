import { useState } from 'react';

import { Button, ErrorText, Field, Loading, Muted, Screen, Title } from '../../components/ui';
import { messageOf } from '../../services/errors';
import { updateMe } from '../../services/user';
import { useAuthStore } from '../../stores/authStore';
import { SuccessText } from './parts';

export default function EditProfileScreen() {
  const user = useAuthStore((state) => state.user);
  const setUser = useAuthStore((state) => state.setUser);
  const [fullName, setFullName] = useState(user?.full_name ?? '');
  const [phone, setPhone] = useState(user?.phone_number ?? '');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!user) return <Loading />;

  const save = async () => {
    setSaving(true);
    setSaved(false);
    setError(null);
    try {
      // an empty phone clears it; the service checks both fields (its detail names the field)
      const updated = await updateMe({ full_name: fullName.trim(), phone_number: phone.trim() === '' ? null : phone.trim() });
      setUser(updated);
      setFullName(updated.full_name);
      setPhone(updated.phone_number ?? '');
      setSaved(true);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setSaving(false);
    }
  };

  const edited = (apply: (text: string) => void) => (text: string) => {
    apply(text);
    setSaved(false);
  };

  return (
    <Screen testID="edit-profile-screen">
      <Title>Your details</Title>
      <Muted>{user.email}</Muted>
      <Field label="Full name" testID="edit-name" value={fullName} autoComplete="name" onChangeText={edited(setFullName)} />
      <Field label="Phone (optional)" testID="edit-phone" value={phone} keyboardType="phone-pad" autoComplete="tel"
        placeholder="+1 415 555 0100" onChangeText={edited(setPhone)} />
      <ErrorText message={error} testID="edit-error" />
      {saved ? <SuccessText testID="edit-saved">Saved.</SuccessText> : null}
      <Button title="Save" testID="edit-save" loading={saving} onPress={() => void save()} />
    </Screen>
  );
}
