// What the service says about itself (GET /api/v1/config): payments on, sign-in providers.
import { create } from 'zustand';

import { api, type Schemas } from '../services/api';
import { unwrap } from '../services/errors';

type ClientConfig = Schemas['ClientConfigOut'];

interface ConfigState {
  config: ClientConfig | null;
  load: () => Promise<void>;
}

export const useConfigStore = create<ConfigState>()((set) => ({
  config: null,
  load: async () => {
    try {
      set({ config: unwrap(await api.GET('/api/v1/config')) });
    } catch {
      // unreachable service: screens keep the safe defaults (no payments, no providers)
    }
  },
}));

export const paymentsEnabled = (config: ClientConfig | null): boolean => config?.payments.enabled ?? false;
