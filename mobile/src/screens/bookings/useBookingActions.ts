// What the booking detail screen is doing right now and what last went wrong: one action at a time
// (every button waits while one runs), its failure shown as the service's message.
import { useState } from 'react';

import { messageOf } from '../../services/errors';

export type BookingAction = 'cancel' | 'extend' | 'check-in' | 'check-out';

// Runs one action: marks it busy, clears the last error, shows this one's if it fails.
export type RunAction = (action: BookingAction, work: () => Promise<void>) => Promise<void>;

export function useBookingActions() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<BookingAction | null>(null);

  const run: RunAction = async (action, work) => {
    setBusy(action);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  return { busy, error, setError, run };
}
