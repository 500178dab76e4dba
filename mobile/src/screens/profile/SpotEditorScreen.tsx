import { useEffect, useRef, useState } from 'react';
import { Text, View } from 'react-native';

import { LocationPicker } from '../../components/map/LocationPicker';
import { Button, Card, Chip, ErrorText, Field, Heading, Loading, Muted, Row, Screen, Title, styles } from '../../components/ui';
import type { ProfileScreenProps } from '../../navigation/types';
import { DEFAULT_REGION } from '../../services/config';
import { ApiError, messageOf } from '../../services/errors';
import {
  SPOT_TYPES, VEHICLE_SIZES, createSpot, deactivateSpot, reactivateSpot, removeSpot, setAvailable, updateSpot,
} from '../../services/ownerSpots';
import { useOwnerStore } from '../../stores/ownerStore';
import { StatusPill, SuccessText, Toggle } from './parts';
import { emptyForm, fieldErrors, formFromSpot, toSpotBody, type FormField, type SpotFormValues } from './spotForm';

const TYPE_LABEL: Record<string, string> = {
  indoor: 'Indoor', outdoor: 'Outdoor', covered: 'Covered', garage: 'Garage', driveway: 'Driveway', lot: 'Lot',
  motorcycle: 'Motorcycle', compact: 'Compact', standard: 'Standard', large: 'Large', oversized: 'Oversized',
};

export default function SpotEditorScreen({ navigation, route }: ProfileScreenProps<'SpotEditor'>) {
  const spotId = route.params?.spotId;
  const spot = useOwnerStore((state) => (spotId ? state.spots.find((item) => item.id === spotId) : undefined));
  const { loaded, load, upsert, error: loadError } = useOwnerStore();

  const [form, setForm] = useState<SpotFormValues>(emptyForm);
  const filled = useRef(false);
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [reason, setReason] = useState('');
  const [acting, setActing] = useState<'deactivate' | 'reactivate' | 'delete' | 'available' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (spotId && !loaded) void load();
  }, [spotId, loaded, load]);

  useEffect(() => {
    navigation.setOptions({ title: spotId ? 'Edit listing' : 'New listing' });
  }, [navigation, spotId]);

  // the form starts from the listing once it is known (later store updates do not overwrite typing)
  useEffect(() => {
    if (spot && !filled.current) {
      filled.current = true;
      setForm(formFromSpot(spot));
    }
  }, [spot]);

  if (spotId && !spot) {
    return (
      <Screen testID="spot-editor-screen">
        {loaded ? <ErrorText message={loadError ?? 'This listing was not found among yours.'} testID="spot-form-error" /> : <Loading />}
      </Screen>
    );
  }

  const set = <K extends keyof SpotFormValues>(key: K) => (value: SpotFormValues[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };

  const save = async () => {
    setError(null);
    const checked = toSpotBody(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      setError(Object.values(checked.errors).join(' '));
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const saved = spotId ? await updateSpot(spotId, checked.body) : await createSpot(checked.body);
      upsert(saved);
      navigation.popTo('MySpots');
    } catch (failure) {
      setError(messageOf(failure));
      if (failure instanceof ApiError && failure.status === 422) setErrors(fieldErrors(failure.message));
    } finally {
      setSaving(false);
    }
  };

  const act = async (kind: 'deactivate' | 'reactivate' | 'delete' | 'available') => {
    if (!spotId || !spot) return;
    setActing(kind);
    setActionError(null);
    setNotice(null);
    try {
      if (kind === 'deactivate') {
        upsert(await deactivateSpot(spotId, reason.trim() === '' ? null : reason.trim()));
        setReason('');
        setNotice('The listing is off the market. Renters no longer find it.');
      } else if (kind === 'available') {
        const switched = await setAvailable(spotId, !spot.is_available);
        upsert({ ...spot, is_available: switched.is_available, is_active: switched.is_active });
      } else if (kind === 'reactivate') {
        upsert(await reactivateSpot(spotId));
        setNotice('The listing is back on the market.');
      } else {
        await removeSpot(spotId);
        upsert({ ...spot, is_active: false });
        navigation.popTo('MySpots');
      }
    } catch (failure) {
      setActionError(messageOf(failure));
    } finally {
      setActing(null);
    }
  };

  const fieldError = (field: FormField) => <ErrorText message={errors[field]} testID={`spot-form-error-${field}`} />;

  return (
    <Screen testID="spot-editor-screen">
      <Title>{spotId ? 'Edit listing' : 'New listing'}</Title>

      <Field label="Title" testID="spot-form-title" value={form.title} onChangeText={set('title')}
        placeholder="Covered garage by the Ferry Building" />
      {fieldError('title')}
      <Field label="Description (optional)" testID="spot-form-description" value={form.description}
        onChangeText={set('description')} multiline numberOfLines={3} />
      {fieldError('description')}

      <Heading>Type of spot</Heading>
      <Row>
        {SPOT_TYPES.map((type) => (
          <Chip key={type} label={TYPE_LABEL[type]} selected={form.spotType === type} testID={`spot-form-type-${type}`}
            onPress={() => set('spotType')(type)} />
        ))}
      </Row>
      {fieldError('spotType')}
      <Heading>Largest vehicle</Heading>
      <Row>
        {VEHICLE_SIZES.map((size) => (
          <Chip key={size} label={TYPE_LABEL[size]} selected={form.vehicleSize === size} testID={`spot-form-size-${size}`}
            onPress={() => set('vehicleSize')(size)} />
        ))}
      </Row>
      {fieldError('vehicleSize')}

      <Heading>Where</Heading>
      <Field label="Address" testID="spot-form-address" value={form.address} onChangeText={set('address')}
        placeholder="1 Ferry Building" autoComplete="street-address" />
      {fieldError('address')}
      <Field label="City" testID="spot-form-city" value={form.city} onChangeText={set('city')} placeholder="San Francisco" />
      {fieldError('city')}
      <Row style={{ flexWrap: 'nowrap' }}>
        <View style={{ flex: 1 }}>
          <Field label="State" testID="spot-form-state" value={form.state} onChangeText={set('state')} placeholder="CA" />
        </View>
        <View style={{ flex: 1 }}>
          <Field label="ZIP code" testID="spot-form-zip" value={form.zip} onChangeText={set('zip')} placeholder="94111"
            keyboardType="number-pad" />
        </View>
      </Row>
      {fieldError('state')}
      {fieldError('zip')}
      <Muted>Tap the map where the spot is; drag the pin to adjust.</Muted>
      <LocationPicker value={form.pin} center={DEFAULT_REGION} onChange={set('pin')} testID="spot-form-pin" />
      <Muted testID="spot-form-pin-value">
        {form.pin ? `Pin: ${form.pin.latitude.toFixed(5)}, ${form.pin.longitude.toFixed(5)}` : 'No pin yet.'}
      </Muted>
      {fieldError('pin')}

      <Heading>Rates (USD)</Heading>
      <Field label="Per hour ($)" testID="spot-form-hourly" value={form.hourly} onChangeText={set('hourly')}
        keyboardType="decimal-pad" placeholder="4.50" />
      {fieldError('hourly')}
      <Field label="Per day ($, optional)" testID="spot-form-daily" value={form.daily} onChangeText={set('daily')}
        keyboardType="decimal-pad" placeholder="30.00" />
      {fieldError('daily')}
      <Field label="Per month ($, optional)" testID="spot-form-monthly" value={form.monthly} onChangeText={set('monthly')}
        keyboardType="decimal-pad" placeholder="250.00" />
      {fieldError('monthly')}

      <Heading>Amenities</Heading>
      <Card>
        <Toggle label="Covered" value={form.covered} onChange={set('covered')} testID="spot-form-covered" />
        <Toggle label="EV charging" value={form.ev} onChange={set('ev')} testID="spot-form-ev" />
        <Toggle label="Security" value={form.security} onChange={set('security')} testID="spot-form-security" />
        <Toggle label="Lighting" value={form.lighting} onChange={set('lighting')} testID="spot-form-lighting" />
        <Toggle label="Wheelchair accessible" value={form.accessible} onChange={set('accessible')} testID="spot-form-accessible" />
      </Card>

      <Field label="Access instructions (only renters with a booking see them)" testID="spot-form-instructions"
        value={form.instructions} onChangeText={set('instructions')} multiline numberOfLines={3}
        placeholder="Gate code 4321; bay 12" />
      {fieldError('instructions')}

      <ErrorText message={error} testID="spot-form-error" />
      <Button title={spotId ? 'Save changes' : 'Create listing'} testID="spot-save" loading={saving} onPress={() => void save()} />

      {spot ? (
        <>
          <Heading>On the market</Heading>
          <Card>
            <Row>
              <StatusPill status={spot.is_active ? 'active' : 'inactive'} testID="spot-state" />
              <Text style={styles.muted}>
                {!spot.is_active ? 'Hidden from renters.' : spot.is_available ? 'Renters can find and book it.' : 'Listed, but paused.'}
              </Text>
            </Row>
            {spot.is_active ? (
              <Toggle label={acting === 'available' ? 'Taking new bookings…' : 'Taking new bookings'} value={spot.is_available}
                onChange={() => void act('available')} testID="spot-available" />
            ) : null}
            {spot.is_active && !spot.is_available ? <Muted>Paused: off the map and not bookable; bookings already made stay.</Muted> : null}
            {!spot.is_active && spot.deactivation_reason ? <Muted>Reason: {spot.deactivation_reason}</Muted> : null}
            {!spot.is_active && spot.moderated ? <Muted>An administrator took it down: only an administrator can bring it back.</Muted> : null}
          </Card>
          <Button title="Opening hours and blackouts" variant="secondary" testID="spot-schedule"
            onPress={() => navigation.navigate('SpotSchedule', { spotId: spot.id })} />
          {spot.is_active ? (
            <>
              <Field label="Reason for taking it off the market (optional)" testID="spot-deactivate-reason" value={reason}
                onChangeText={setReason} placeholder="Resurfacing the driveway" />
              <Button title="Take off the market" variant="secondary" testID="spot-deactivate" loading={acting === 'deactivate'}
                onPress={() => void act('deactivate')} />
            </>
          ) : (
            <Button title="Put back on the market" testID="spot-reactivate" loading={acting === 'reactivate'}
              onPress={() => void act('reactivate')} />
          )}
          {notice ? <SuccessText testID="spot-action-done">{notice}</SuccessText> : null}
          <ErrorText message={actionError} testID="spot-action-error" />
          <Muted>Removing the listing hides it from renters; it stays in My spots, inactive, and can be put back.</Muted>
          <Button title="Remove listing" variant="danger" testID="spot-delete" loading={acting === 'delete'}
            onPress={() => void act('delete')} />
        </>
      ) : null}
    </Screen>
  );
}
