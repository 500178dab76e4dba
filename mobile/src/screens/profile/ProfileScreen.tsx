import { useState } from 'react';
import { Text } from 'react-native';

import { Button, Card, Heading, Loading, Muted, Screen, colors, styles } from '../../components/ui';
import type { ProfileScreenProps } from '../../navigation/types';
import { useAuthStore } from '../../stores/authStore';

const ROLE_LABEL = { renter: 'Renter', owner: 'Owner', admin: 'Administrator' } as const;

export default function ProfileScreen({ navigation }: ProfileScreenProps<'Profile'>) {
  const user = useAuthStore((state) => state.user);
  const logout = useAuthStore((state) => state.logout);
  const [leaving, setLeaving] = useState(false);

  if (!user) return <Loading />;
  const isOwner = user.role === 'owner' || user.role === 'admin';

  return (
    <Screen testID="profile-screen">
      <Card>
        <Text style={styles.title} testID="profile-name">
          {user.full_name}
        </Text>
        <Muted testID="profile-email">{user.email}</Muted>
        {/* the raw role ("owner") in the text, shown capitalized */}
        <Text style={{ color: colors.primary, fontWeight: '600', textTransform: 'capitalize' }} testID="profile-role"
          accessibilityLabel={ROLE_LABEL[user.role]}>
          {user.role}
        </Text>
        {user.phone_number ? <Muted>{user.phone_number}</Muted> : null}
      </Card>

      <Heading>Account</Heading>
      <Button title="Edit profile" variant="secondary" testID="profile-edit" onPress={() => navigation.navigate('EditProfile')} />
      <Button title="Change password" variant="secondary" testID="profile-password"
        onPress={() => navigation.navigate('ChangePassword')} />

      {isOwner ? (
        <>
          <Heading>My listings</Heading>
          <Button title="My spots" variant="secondary" testID="profile-my-spots" onPress={() => navigation.navigate('MySpots')} />
          <Button title="Bookings of my spots" variant="secondary" testID="profile-owner-bookings"
            onPress={() => navigation.navigate('OwnerBookings')} />
          <Button title="Reviews to respond to" variant="secondary" testID="profile-owner-reviews"
            onPress={() => navigation.navigate('OwnerReviews')} />
        </>
      ) : null}

      <Heading>App</Heading>
      <Button title="Settings" variant="secondary" testID="profile-settings" onPress={() => navigation.navigate('Settings')} />
      <Button title="Log out" variant="danger" testID="logout" loading={leaving}
        onPress={() => {
          setLeaving(true);
          void logout();
        }} />
    </Screen>
  );
}
