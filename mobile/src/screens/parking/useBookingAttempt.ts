// Sending a booking safely: one Idempotency-Key per attempt, kept when the request may not have
// arrived (network failure, 5xx) so pressing Book again cannot book twice, dropped once the service
// has refused the attempt or the user changes what is being booked.
import { useCallback, useRef, useState } from 'react';

import { newIdempotencyKey } from '../../services/api';
import { ApiError, messageOf } from '../../services/errors';
import { createBooking, type Booking, type BookingCreate } from '../../services/parkingSpot';

function refusedByService(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}

export function useBookingAttempt() {
  const key = useRef<string | null>(null);
  const [booking, setBooking] = useState<Booking | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const newAttempt = useCallback(() => {
    key.current = null;
    setError(null);
  }, []);

  const book = async (body: BookingCreate) => {
    key.current ??= newIdempotencyKey();
    setBusy(true);
    setError(null);
    try {
      setBooking(await createBooking(body, key.current));
    } catch (failure) {
      setError(messageOf(failure));
      if (refusedByService(failure)) key.current = null;
    } finally {
      setBusy(false);
    }
  };

  return { booking, error, busy, book, newAttempt };
}
