import { Text } from 'react-native';

// A tab bar icon drawn with a character: no icon font to load, so the web build works offline.
export function TabIcon(glyph: string) {
  return function Icon({ color, size }: { color: string; size: number }) {
    return <Text style={{ color, fontSize: size * 0.9, lineHeight: size }}>{glyph}</Text>;
  };
}
