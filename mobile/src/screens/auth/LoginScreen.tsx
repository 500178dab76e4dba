import { useState } from 'react';

import { OAuthButtons } from '../../components/OAuthButtons';
import { Button, ErrorText, Field, Muted, Screen, Title } from '../../components/ui';
import type { AuthScreenProps } from '../../navigation/types';
import { useAuthStore } from '../../stores/authStore';

export default function LoginScreen({ navigation }: AuthScreenProps<'Login'>) {
  const { login, isLoading, error, expired } = useAuthStore();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  return (
    <Screen testID="login-screen">
      <Title>Welcome back</Title>
      {expired ? <Muted testID="session-expired">Your session ended. Please sign in again.</Muted> : null}
      <Field label="Email" testID="login-email" value={email} onChangeText={setEmail} autoCapitalize="none"
        keyboardType="email-address" autoComplete="email" />
      <Field label="Password" testID="login-password" value={password} onChangeText={setPassword}
        secureTextEntry autoComplete="password" onSubmitEditing={() => login(email.trim(), password)} />
      <ErrorText message={error} testID="login-error" />
      <Button title="Sign in" testID="login-submit" loading={isLoading} onPress={() => login(email.trim(), password)} />
      <OAuthButtons />
      <Button title="Create an account" variant="secondary" testID="go-register"
        onPress={() => navigation.navigate('Register')} />
    </Screen>
  );
}
