// A spot's photos, side by side; a neutral placeholder when there are none or one fails to load
// (the app must work with no internet besides its API).
import { useState } from 'react';
import { Image, ScrollView, StyleSheet, Text, View } from 'react-native';

import { colors } from '../../components/ui';

function Placeholder({ testID, wide }: { testID?: string; wide?: boolean }) {
  return (
    <View style={[styles.photo, styles.placeholder, wide && styles.wide]} testID={testID}>
      <Text style={styles.placeholderIcon}>P</Text>
      <Text style={styles.placeholderText}>No photo</Text>
    </View>
  );
}

function Photo({ uri, index }: { uri: string; index: number }) {
  const [failed, setFailed] = useState(false);
  if (failed) return <Placeholder testID={`spot-photo-${index}-placeholder`} />;
  return (
    <Image source={{ uri }} style={styles.photo} resizeMode="cover" onError={() => setFailed(true)}
      accessibilityLabel={`Photo ${index + 1}`} testID={`spot-photo-${index}`} />
  );
}

export function SpotPhotos({ images }: { images: string[] }) {
  if (images.length === 0) {
    return <View testID="spot-photos"><Placeholder testID="spot-photo-placeholder" wide /></View>;
  }
  return (
    <ScrollView horizontal testID="spot-photos" contentContainerStyle={styles.row} showsHorizontalScrollIndicator={false}>
      {images.map((uri, index) => <Photo key={uri} uri={uri} index={index} />)}
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  row: { gap: 8 },
  photo: { width: 280, height: 170, borderRadius: 12, backgroundColor: '#e3e6eb' },
  placeholder: { alignItems: 'center', justifyContent: 'center', gap: 4 },
  wide: { width: '100%' },
  placeholderIcon: { fontSize: 36, fontWeight: '800', color: '#b4bac4' },
  placeholderText: { color: colors.muted },
});
