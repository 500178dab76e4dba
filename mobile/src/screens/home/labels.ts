// Short labels of the Home tab: spot types, the demo cities.
import type { LatLng } from '../../types/map';
import { DEFAULT_REGION } from '../../services/config';
import type { SpotType } from '../../services/parkingSpot';

export const SPOT_TYPE_LABELS: Record<SpotType, string> = {
  indoor: 'Indoor',
  outdoor: 'Outdoor',
  covered: 'Covered',
  garage: 'Garage',
  driveway: 'Driveway',
  lot: 'Lot',
};

export interface City extends LatLng {
  slug: string;
  name: string;
}

// The demo data is in San Francisco; the others show what a wider launch looks like.
export const CITIES: City[] = [
  { slug: 'san-francisco', name: 'San Francisco', ...DEFAULT_REGION },
  { slug: 'los-angeles', name: 'Los Angeles', latitude: 34.0522, longitude: -118.2437 },
  { slug: 'new-york', name: 'New York', latitude: 40.7128, longitude: -74.006 },
];
