// The search filters (GET /parking-spots): type, max hourly price, amenities, minimum rating and
// "free between A and B". Edited as a draft; Apply hands them to the store, Clear removes them all.
import { useState } from 'react';
import { ScrollView, StyleSheet, View } from 'react-native';

import { formatLocal, parseLocal } from '../../components/localTime';
import { Button, Chip, colors, ErrorText, Field, Heading, Row } from '../../components/ui';
import { SPOT_TYPES } from '../../services/parkingSpot';
import type { SearchFilters } from '../../stores/parkingSpotStore';
import { SPOT_TYPE_LABELS } from './labels';

interface Props {
  filters: SearchFilters;
  onApply: (filters: SearchFilters) => void;
  onClear: () => void;
  onClose: () => void;
}

type Flag = 'has_ev_charging' | 'is_covered' | 'has_security' | 'is_handicap_accessible';

const FLAGS: [Flag, string, string][] = [
  ['has_ev_charging', 'EV charging', 'filter-ev'],
  ['is_covered', 'Covered', 'filter-covered'],
  ['has_security', 'Security', 'filter-security'],
  ['is_handicap_accessible', 'Accessible', 'filter-accessible'],
];

const localText = (iso: string | null | undefined) => (iso ? formatLocal(new Date(iso)) : '');

export function FilterPanel({ filters, onApply, onClear, onClose }: Props) {
  const [draft, setDraft] = useState<SearchFilters>(filters);
  const [maxPrice, setMaxPrice] = useState(filters.max_hourly_rate ? String(filters.max_hourly_rate / 100) : '');
  const [from, setFrom] = useState(localText(filters.available_from));
  const [until, setUntil] = useState(localText(filters.available_to));
  const [error, setError] = useState<string | null>(null);
  const [hints] = useState(() => [formatLocal(new Date()), formatLocal(new Date(Date.now() + 2 * 3_600_000))]);

  const patch = (change: Partial<SearchFilters>) => setDraft((current) => ({ ...current, ...change }));

  const apply = () => {
    const next: SearchFilters = { ...draft, max_hourly_rate: undefined, available_from: undefined, available_to: undefined };
    if (maxPrice.trim()) {
      const dollars = Number(maxPrice.replace(/^\$/, '').trim());
      if (!Number.isFinite(dollars) || dollars <= 0) return setError('Max price: a positive amount in dollars, e.g. 8 or 7.50.');
      next.max_hourly_rate = Math.round(dollars * 100);
    }
    if (from.trim() || until.trim()) {
      const start = parseLocal(from);
      const end = parseLocal(until);
      if (!start || !end) return setError('Free between: give both times as YYYY-MM-DD HH:mm.');
      if (end <= start) return setError('Free between: the end must come after the start.');
      next.available_from = start.toISOString();
      next.available_to = end.toISOString();
    }
    setError(null);
    onApply(next);
  };

  return (
    <View style={styles.overlay} testID="filters-panel">
      <ScrollView style={styles.sheet} contentContainerStyle={styles.content}>
        <Heading>Spot type</Heading>
        <Row>
          {SPOT_TYPES.map((type) => (
            <Chip key={type} label={SPOT_TYPE_LABELS[type]} testID={`filter-type-${type}`} selected={draft.spot_type === type}
              onPress={() => patch({ spot_type: draft.spot_type === type ? undefined : type })} />
          ))}
        </Row>
        <Field label="Max price per hour ($)" testID="filter-max-price" value={maxPrice} onChangeText={setMaxPrice}
          keyboardType="decimal-pad" placeholder="e.g. 8" />
        <Heading>Amenities</Heading>
        <Row>
          {FLAGS.map(([key, label, testID]) => (
            <Chip key={key} label={label} testID={testID} selected={!!draft[key]}
              onPress={() => patch({ [key]: draft[key] ? undefined : true })} />
          ))}
        </Row>
        <Heading>Minimum rating</Heading>
        <Row>
          {[1, 2, 3, 4, 5].map((stars) => (
            <Chip key={stars} label={`${stars}★+`} testID={`filter-min-rating-${stars}`} selected={draft.min_rating === stars}
              onPress={() => patch({ min_rating: draft.min_rating === stars ? undefined : stars })} />
          ))}
        </Row>
        <Heading>Free between</Heading>
        <Field label="From (YYYY-MM-DD HH:mm)" testID="filter-from" value={from} onChangeText={setFrom}
          placeholder={hints[0]} autoCapitalize="none" />
        <Field label="Until (YYYY-MM-DD HH:mm)" testID="filter-until" value={until} onChangeText={setUntil}
          placeholder={hints[1]} autoCapitalize="none" />
        <ErrorText message={error} testID="filters-error" />
        <Row style={styles.actions}>
          <View style={styles.grow}><Button title="Clear" variant="secondary" testID="filters-clear" onPress={onClear} /></View>
          <View style={styles.grow}><Button title="Apply" testID="filters-apply" onPress={apply} /></View>
        </Row>
        <Button title="Close" variant="secondary" testID="filters-close" onPress={onClose} />
      </ScrollView>
    </View>
  );
}

const styles = StyleSheet.create({
  overlay: { position: 'absolute', top: 0, left: 0, right: 0, bottom: 0, backgroundColor: 'rgba(0,0,0,0.25)', zIndex: 2000 },
  sheet: { flex: 1, backgroundColor: colors.background, marginTop: 0 },
  content: { padding: 16, gap: 10, paddingBottom: 40 },
  actions: { flexWrap: 'nowrap', marginTop: 8 },
  grow: { flex: 1 },
});
