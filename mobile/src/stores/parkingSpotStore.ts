// The Home tab's state (seed 4.2): the spots of the visible map (or of the filtered search), where
// the user is, the filters, the spot picked on the map and the spot whose detail is open.
import { create } from 'zustand';

import { distanceKm } from '../services/geo';
import type { Bounds, LatLng } from '../types/map';
import { messageOf } from '../services/errors';
import {
  getSpot,
  searchSpots,
  spotsInBounds,
  type SearchQuery,
  type SearchSpot,
  type Spot,
} from '../services/parkingSpot';

// A spot of the results: the search's item, with distance_km from the map center for viewport
// results too.
export type SpotResult = SearchSpot;

export type SearchFilters = Pick<
  SearchQuery,
  | 'spot_type'
  | 'max_hourly_rate'
  | 'has_ev_charging'
  | 'is_covered'
  | 'has_security'
  | 'is_handicap_accessible'
  | 'min_rating'
  | 'available_from'
  | 'available_to'
>;

export function hasFilters(filters: SearchFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined && value !== null && value !== false);
}

const VIEWPORT_LIMIT = 400;
const SEARCH_PAGE_SIZE = 100;
const MAX_RADIUS_KM = 50;

export interface Viewport {
  bounds: Bounds;
  center: LatLng;
}

function centerOf(bounds: Bounds): LatLng {
  return { latitude: (bounds.minLat + bounds.maxLat) / 2, longitude: (bounds.minLon + bounds.maxLon) / 2 };
}

function radiusOf(bounds: Bounds): number {
  const corner = { latitude: bounds.maxLat, longitude: bounds.maxLon };
  return Math.min(MAX_RADIUS_KM, Math.max(0.2, distanceKm(centerOf(bounds), corner)));
}

// A spot's detail as a search item (the card shows either).
function asResult(spot: Spot, distance: number | null): SpotResult {
  const { id, title, address, city, state, latitude, longitude, hourly_rate, daily_rate, monthly_rate, spot_type,
    vehicle_size, is_covered, has_ev_charging, is_available, average_rating, total_reviews, images } = spot;
  return {
    id, title, address, city, state, latitude, longitude, hourly_rate, daily_rate, monthly_rate, spot_type,
    vehicle_size, is_covered, has_ev_charging, is_available, average_rating, total_reviews, images,
    distance_km: distance,
  };
}

interface ParkingSpotState {
  searchResults: SpotResult[];
  total: number; // how many spots match in all (the results may be fewer)
  totalAtLeast: boolean; // the search counts ten pages at most: total is then a lower bound
  currentLocation: LatLng | null; // the device's position, when shared
  viewport: Viewport | null; // what the map shows
  searchFilters: SearchFilters;
  selectedSpotId: string | null; // picked on the map or in the list
  pickedSpot: SpotResult | null; // the picked spot when it is not among the results (fetched by id)
  selectedSpot: Spot | null; // the spot whose detail is open
  isLoading: boolean;
  error: string | null;

  setCurrentLocation: (location: LatLng | null) => void;
  setFilters: (filters: SearchFilters) => void;
  clearFilters: () => void;
  selectSpot: (spotId: string | null) => void;
  setSpotAvailability: (spotId: string, available: boolean) => void;
  searchNearby: (bounds?: Bounds) => Promise<void>;
  getSpotDetails: (spotId: string) => Promise<Spot>;
}

let latestSearch = 0;

export const useParkingSpotStore = create<ParkingSpotState>()((set, get) => ({
  searchResults: [],
  total: 0,
  totalAtLeast: false,
  currentLocation: null,
  viewport: null,
  searchFilters: {},
  selectedSpotId: null,
  pickedSpot: null,
  selectedSpot: null,
  isLoading: false,
  error: null,

  setCurrentLocation: (location) => set({ currentLocation: location }),

  setFilters: (filters) => {
    set({ searchFilters: filters });
    void get().searchNearby();
  },

  clearFilters: () => get().setFilters({}),

  // A marker of the map tiles may be a spot the results do not hold (they are capped): it is
  // fetched, for its card.
  selectSpot: (spotId) => {
    set({ selectedSpotId: spotId });
    if (!spotId || get().searchResults.some((spot) => spot.id === spotId) || get().pickedSpot?.id === spotId) return;
    getSpot(spotId).then(
      (spot) => {
        if (get().selectedSpotId !== spotId) return;
        const center = get().viewport?.center;
        set({ pickedSpot: asResult(spot, center ? distanceKm(center, spot) : null) });
      },
      (error: unknown) => {
        if (get().selectedSpotId === spotId) set({ error: messageOf(error) });
      },
    );
  },

  setSpotAvailability: (spotId, available) => {
    set((state) => ({
      searchResults: state.searchResults.map((spot) => (spot.id === spotId ? { ...spot, is_available: available } : spot)),
      selectedSpot:
        state.selectedSpot?.id === spotId ? { ...state.selectedSpot, is_available: available } : state.selectedSpot,
      pickedSpot: state.pickedSpot?.id === spotId ? { ...state.pickedSpot, is_available: available } : state.pickedSpot,
    }));
  },

  // The spots of `bounds` (or of the last viewport): the viewport endpoint without filters, the
  // search around the map center (radius from the viewport) with them.
  searchNearby: async (bounds) => {
    const area = bounds ?? get().viewport?.bounds;
    if (!area || area.maxLat <= area.minLat || area.maxLon <= area.minLon) return;
    const center = centerOf(area);
    const filters = get().searchFilters;
    const ticket = ++latestSearch;
    set({ viewport: { bounds: area, center }, isLoading: true, error: null });
    try {
      let results: SpotResult[];
      let total: number;
      let totalAtLeast = false;
      if (hasFilters(filters)) {
        const found = await searchSpots({
          ...filters,
          latitude: center.latitude,
          longitude: center.longitude,
          radius_km: Number(radiusOf(area).toFixed(2)),
          page_size: SEARCH_PAGE_SIZE,
          sort: 'distance',
        });
        results = found.items;
        total = found.total;
        totalAtLeast = total >= SEARCH_PAGE_SIZE * 10;
      } else {
        const found = await spotsInBounds({
          min_lat: area.minLat, min_lon: area.minLon, max_lat: area.maxLat, max_lon: area.maxLon, limit: VIEWPORT_LIMIT,
        });
        results = found.items.map((spot) => ({ ...spot, distance_km: distanceKm(center, spot) }));
        total = found.total;
      }
      if (ticket !== latestSearch) return;
      set({ searchResults: results, total, totalAtLeast, isLoading: false });
    } catch (error) {
      if (ticket !== latestSearch) return;
      set({ error: messageOf(error), isLoading: false });
    }
  },

  getSpotDetails: async (spotId) => {
    const spot = await getSpot(spotId);
    set({ selectedSpot: spot });
    return spot;
  },
}));
