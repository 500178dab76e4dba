// The live price of the window being picked (POST /bookings/calculate-price), re-asked a moment
// after the window stops changing; the service's refusal (window, overlap, hours) is the error.
import { useEffect, useState } from 'react';

import { parseLocal } from '../../components/localTime';
import { messageOf } from '../../services/errors';
import { quoteBooking, type Quote } from '../../services/parkingSpot';

const DEBOUNCE_MS = 400;

interface Answer {
  key: string; // the window it answers
  quote: Quote | null;
  error: string | null;
}

export function useQuote(spotId: string, start: string, end: string) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const from = parseLocal(start);
  const until = parseLocal(end);
  const key = from && until ? `${spotId} ${from.toISOString()} ${until.toISOString()}` : null;

  useEffect(() => {
    if (!key) return undefined;
    const [id, startIso, endIso] = key.split(' ');
    let current = true;
    const timer = setTimeout(() => {
      quoteBooking(id, new Date(startIso), new Date(endIso))
        .then((quote) => current && setAnswer({ key, quote, error: null }))
        .catch((failure: unknown) => current && setAnswer({ key, quote: null, error: messageOf(failure) }));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);

  if (!key) {
    return { quote: null, loading: false, error: start && end ? 'Give the times as YYYY-MM-DD HH:mm.' : null };
  }
  const fresh = answer?.key === key ? answer : null;
  return { quote: fresh?.quote ?? null, error: fresh?.error ?? null, loading: !fresh };
}
