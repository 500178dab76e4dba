import { useFocusEffect } from '@react-navigation/native';
import { useCallback } from 'react';
import { Pressable, Text } from 'react-native';

import { formatMoney } from '../../components/format';
import { Button, Card, ErrorText, Loading, Muted, Row, Screen, styles } from '../../components/ui';
import type { ProfileScreenProps } from '../../navigation/types';
import { useOwnerStore } from '../../stores/ownerStore';
import { StatusPill } from './parts';

export default function MySpotsScreen({ navigation }: ProfileScreenProps<'MySpots'>) {
  const { spots, loaded, loading, error, load } = useOwnerStore();

  // again each time the screen shows: a listing may have changed in the editor or elsewhere
  useFocusEffect(useCallback(() => void load(), [load]));

  return (
    <Screen testID="my-spots-screen">
      <Button title="+ Add a spot" testID="add-spot" onPress={() => navigation.navigate('SpotEditor', {})} />
      <ErrorText message={error} testID="my-spots-error" />
      {!loaded && loading ? <Loading /> : null}
      {loaded && spots.length === 0 ? (
        <Muted testID="my-spots-empty">You have no listings yet. Add your first spot and start earning.</Muted>
      ) : null}
      {spots.map((spot) => (
        <Pressable key={spot.id} accessibilityRole="button" testID={`my-spot-${spot.id}`}
          onPress={() => navigation.navigate('SpotEditor', { spotId: spot.id })}>
          <Card>
            <Text style={styles.heading}>{spot.title}</Text>
            <Muted>{spot.address}, {spot.city}</Muted>
            <Row>
              <StatusPill status={!spot.is_active ? 'inactive' : spot.is_available ? 'active' : 'paused'} testID={`my-spot-state-${spot.id}`} />
              <Muted>{formatMoney(spot.hourly_rate)}/h</Muted>
              <Muted>
                {spot.total_reviews > 0 ? `★ ${spot.average_rating.toFixed(1)} (${spot.total_reviews})` : 'No reviews yet'}
              </Muted>
              <Muted>{spot.total_bookings} booking{spot.total_bookings === 1 ? '' : 's'}</Muted>
            </Row>
          </Card>
        </Pressable>
      ))}
    </Screen>
  );
}
