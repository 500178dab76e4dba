import { useState } from 'react';

import { OAuthButtons } from '../../components/OAuthButtons';
import { Button, Chip, ErrorText, Field, Muted, Row, Screen, Title } from '../../components/ui';
import type { AuthScreenProps } from '../../navigation/types';
import { useAuthStore } from '../../stores/authStore';

type Role = 'renter' | 'owner';

export default function RegisterScreen({ navigation }: AuthScreenProps<'Register'>) {
  const { register, isLoading, error } = useAuthStore();
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('renter');

  const submit = () =>
    register({ full_name: fullName.trim(), email: email.trim(), password, role,
      phone_number: phone.trim() === '' ? null : phone.trim() });

  return (
    <Screen testID="register-screen">
      <Title>Create your account</Title>
      <Muted>I want to</Muted>
      <Row>
        <Chip label="Park (renter)" selected={role === 'renter'} onPress={() => setRole('renter')} testID="role-renter" />
        <Chip label="Rent out my spot (owner)" selected={role === 'owner'} onPress={() => setRole('owner')} testID="role-owner" />
      </Row>
      <Field label="Full name" testID="register-name" value={fullName} onChangeText={setFullName} autoComplete="name" />
      <Field label="Email" testID="register-email" value={email} onChangeText={setEmail} autoCapitalize="none"
        keyboardType="email-address" autoComplete="email" />
      <Field label="Phone (optional)" testID="register-phone" value={phone} onChangeText={setPhone} keyboardType="phone-pad" />
      <Field label="Password (at least 8 characters)" testID="register-password" value={password}
        onChangeText={setPassword} secureTextEntry autoComplete="new-password" />
      <ErrorText message={error} testID="register-error" />
      <Button title="Create account" testID="register-submit" loading={isLoading} onPress={submit} />
      <OAuthButtons />
      <Button title="I already have an account" variant="secondary" testID="go-login" onPress={() => navigation.goBack()} />
    </Screen>
  );
}
