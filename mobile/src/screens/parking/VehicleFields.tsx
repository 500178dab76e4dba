// The optional vehicle details of a booking (BookingCreate): plate always shown, the rest on demand.
import { useState } from 'react';
import { View } from 'react-native';

import { Button, Field } from '../../components/ui';

export interface Vehicle {
  vehicle_plate: string;
  vehicle_make: string;
  vehicle_model: string;
  vehicle_color: string;
  special_requests: string;
}

export const NO_VEHICLE: Vehicle = { vehicle_plate: '', vehicle_make: '', vehicle_model: '', vehicle_color: '', special_requests: '' };

export function VehicleFields({ value, onChange }: { value: Vehicle; onChange: (value: Vehicle) => void }) {
  const [more, setMore] = useState(false);
  const set = (key: keyof Vehicle) => (text: string) => onChange({ ...value, [key]: text });
  return (
    <View style={{ gap: 8 }}>
      <Field label="Licence plate (optional)" testID="vehicle-plate" value={value.vehicle_plate}
        onChangeText={set('vehicle_plate')} autoCapitalize="characters" maxLength={20} />
      {more ? (
        <>
          <Field label="Make" testID="vehicle-make" value={value.vehicle_make} onChangeText={set('vehicle_make')} maxLength={50} />
          <Field label="Model" testID="vehicle-model" value={value.vehicle_model} onChangeText={set('vehicle_model')} maxLength={50} />
          <Field label="Color" testID="vehicle-color" value={value.vehicle_color} onChangeText={set('vehicle_color')} maxLength={30} />
          <Field label="Requests for the owner" testID="special-requests" value={value.special_requests}
            onChangeText={set('special_requests')} multiline maxLength={2000} />
        </>
      ) : (
        <Button title="More vehicle details" variant="secondary" testID="vehicle-more" onPress={() => setMore(true)} />
      )}
    </View>
  );
}
