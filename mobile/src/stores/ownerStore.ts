// An owner's listings, shared by My spots, the spot editor, the schedule, and the bookings and
// reviews screens (which show the spot's title and time zone). A change made on one screen shows on
// the others at once; `load` fetches them again from the service.
import { create } from 'zustand';

import { messageOf } from '../services/errors';
import { listMySpots, type Spot, type SpotModeration } from '../services/ownerSpots';
import { useAuthStore } from './authStore';

// A listing, with the deactivation record when the service gave it (deactivate / reactivate).
export type OwnedSpot = Spot & Partial<Pick<SpotModeration, 'deactivation_reason' | 'moderated'>>;

interface OwnerState {
  spots: OwnedSpot[];
  loaded: boolean;
  loading: boolean;
  error: string | null;

  load: () => Promise<void>;
  upsert: (spot: OwnedSpot) => void;
  spot: (spotId: string) => OwnedSpot | undefined;
  reset: () => void;
}

export const useOwnerStore = create<OwnerState>()((set, get) => ({
  spots: [],
  loaded: false,
  loading: false,
  error: null,

  load: async () => {
    set({ loading: true, error: null });
    try {
      const spots = await listMySpots();
      set({ spots, loaded: true });
    } catch (error) {
      set({ error: messageOf(error) });
    } finally {
      set({ loading: false });
    }
  },

  upsert: (spot) =>
    set((state) => {
      const index = state.spots.findIndex((item) => item.id === spot.id);
      if (index === -1) return { spots: [spot, ...state.spots] };
      const spots = state.spots.slice();
      spots[index] = { ...spots[index], ...spot };
      return { spots };
    }),

  spot: (spotId) => get().spots.find((item) => item.id === spotId),

  reset: () => set({ spots: [], loaded: false, loading: false, error: null }),
}));

// Another account signing in must not see the previous one's listings.
useAuthStore.subscribe((state, previous) => {
  if (state.user?.id !== previous.user?.id) useOwnerStore.getState().reset();
});
