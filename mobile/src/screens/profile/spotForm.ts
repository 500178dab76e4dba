// The listing form's values (text as typed) and their conversion to and from the API's fields:
// rates typed in dollars are sent in cents; empty optional fields are sent as null.
import type { LatLng } from '../../types/map';
import type { Spot, SpotCreate, SpotType, VehicleSize } from '../../services/ownerSpots';

export interface SpotFormValues {
  title: string;
  description: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  spotType: SpotType;
  vehicleSize: VehicleSize;
  hourly: string;
  daily: string;
  monthly: string;
  covered: boolean;
  ev: boolean;
  security: boolean;
  lighting: boolean;
  accessible: boolean;
  instructions: string;
  pin: LatLng | null;
}

export const emptyForm: SpotFormValues = {
  title: '', description: '', address: '', city: '', state: '', zip: '', spotType: 'driveway', vehicleSize: 'standard',
  hourly: '', daily: '', monthly: '', covered: false, ev: false, security: false, lighting: false, accessible: false,
  instructions: '', pin: null,
};

const dollars = (cents: number | null): string => (cents === null ? '' : (cents / 100).toFixed(2));

export function formFromSpot(spot: Spot): SpotFormValues {
  return {
    title: spot.title, description: spot.description ?? '', address: spot.address, city: spot.city, state: spot.state,
    zip: spot.zip_code, spotType: spot.spot_type, vehicleSize: spot.vehicle_size, hourly: dollars(spot.hourly_rate),
    daily: dollars(spot.daily_rate), monthly: dollars(spot.monthly_rate), covered: spot.is_covered, ev: spot.has_ev_charging,
    security: spot.has_security, lighting: spot.has_lighting, accessible: spot.is_handicap_accessible,
    instructions: spot.access_instructions ?? '', pin: { latitude: spot.latitude, longitude: spot.longitude },
  };
}

// "4.5", "$4.50", "12" -> cents; '' -> null; anything else -> NaN.
export function toCents(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '');
  if (cleaned === '') return null;
  if (!/^\d+(\.\d{0,2})?$/.test(cleaned)) return Number.NaN;
  return Math.round(parseFloat(cleaned) * 100);
}

// The form's field each API field is typed in (for errors shown next to the field).
export type FormField = 'title' | 'description' | 'address' | 'city' | 'state' | 'zip' | 'spotType' | 'vehicleSize'
  | 'hourly' | 'daily' | 'monthly' | 'instructions' | 'pin';

const API_TO_FORM: Record<string, FormField> = {
  title: 'title', description: 'description', address: 'address', city: 'city', state: 'state', zip_code: 'zip',
  spot_type: 'spotType', vehicle_size: 'vehicleSize', hourly_rate: 'hourly', daily_rate: 'daily', monthly_rate: 'monthly',
  access_instructions: 'instructions', latitude: 'pin', longitude: 'pin', timezone: 'pin',
};

// "title: String should have at least 1 character; hourly_rate: Input should be greater than 0"
// -> {title: "String should ...", hourly: "Input should ..."}
export function fieldErrors(detail: string): Partial<Record<FormField, string>> {
  const found: Partial<Record<FormField, string>> = {};
  for (const part of detail.split('; ')) {
    const colon = part.indexOf(': ');
    if (colon === -1) continue;
    const field = API_TO_FORM[part.slice(0, colon).split('.')[0]];
    if (field && !found[field]) found[field] = part.slice(colon + 2);
  }
  return found;
}

export type Checked = { ok: true; body: SpotCreate } | { ok: false; errors: Partial<Record<FormField, string>> };

// What only the app can tell (a rate that is not an amount, no pin yet); the rest the service checks.
export function toSpotBody(form: SpotFormValues): Checked {
  const errors: Partial<Record<FormField, string>> = {};
  const hourly = toCents(form.hourly);
  const daily = toCents(form.daily);
  const monthly = toCents(form.monthly);
  if (hourly === null) errors.hourly = 'Enter the hourly rate in dollars, e.g. 4.50';
  for (const [field, value] of [['hourly', hourly], ['daily', daily], ['monthly', monthly]] as const) {
    if (value !== null && Number.isNaN(value)) errors[field] = 'Enter an amount in dollars, e.g. 4.50';
  }
  if (!form.pin) errors.pin = 'Place the pin on the map where the spot is.';
  if (Object.keys(errors).length > 0 || hourly === null || !form.pin) return { ok: false, errors };
  const optional = (text: string) => (text.trim() === '' ? null : text.trim());
  return {
    ok: true,
    body: {
      title: form.title.trim(), description: optional(form.description), address: form.address.trim(),
      city: form.city.trim(), state: form.state.trim(), zip_code: form.zip.trim(), spot_type: form.spotType,
      vehicle_size: form.vehicleSize, latitude: form.pin.latitude, longitude: form.pin.longitude, hourly_rate: hourly,
      daily_rate: daily, monthly_rate: monthly, is_covered: form.covered, has_ev_charging: form.ev,
      has_security: form.security, has_lighting: form.lighting, is_handicap_accessible: form.accessible,
      access_instructions: optional(form.instructions),
    },
  };
}
