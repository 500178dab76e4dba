// Everything the spot detail shows, loaded from the API and kept current by the WebSocket:
// availability changes update the spot and its calendar, a new review reloads summary and reviews.
import { useCallback, useEffect, useState } from 'react';

import { messageOf } from '../../services/errors';
import {
  getCalendar,
  getReviews,
  getReviewSummary,
  type Calendar,
  type Review,
  type ReviewSummary,
  type Spot,
} from '../../services/parkingSpot';
import { useRealtimeEvent, useWatchedSpots } from '../../services/realtime';
import { useParkingSpotStore } from '../../stores/parkingSpotStore';

const REVIEWS_PAGE = 5;
const CALENDAR_DAYS = 7;

function fetchCalendar(spotId: string): Promise<Calendar> {
  const from = new Date();
  return getCalendar(spotId, from, new Date(from.getTime() + (CALENDAR_DAYS + 1) * 86_400_000));
}

function fetchReviews(spotId: string) {
  return Promise.all([getReviewSummary(spotId), getReviews(spotId, 1, REVIEWS_PAGE)]);
}

export function useSpotDetail(spotId: string) {
  const getSpotDetails = useParkingSpotStore((s) => s.getSpotDetails);
  const setSpotAvailability = useParkingSpotStore((s) => s.setSpotAvailability);
  const [spot, setSpot] = useState<Spot | null>(null);
  const [summary, setSummary] = useState<ReviewSummary | null>(null);
  const [reviews, setReviews] = useState<Review[]>([]);
  const [reviewTotal, setReviewTotal] = useState(0);
  const [reviewPage, setReviewPage] = useState(1);
  const [calendar, setCalendar] = useState<Calendar | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const loadCalendar = useCallback(
    () => fetchCalendar(spotId).then(setCalendar),
    [spotId],
  );

  const loadReviews = useCallback(
    () =>
      fetchReviews(spotId).then(([nextSummary, firstPage]) => {
        setSummary(nextSummary);
        setReviews(firstPage.items);
        setReviewTotal(firstPage.total);
        setReviewPage(1);
      }),
    [spotId],
  );

  const load = useCallback(
    () =>
      Promise.all([getSpotDetails(spotId), loadReviews(), loadCalendar()]).then(
        ([found]) => {
          setSpot(found);
          setError(null);
        },
        (failure: unknown) => setError(messageOf(failure)),
      ),
    [spotId, getSpotDetails, loadReviews, loadCalendar],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const moreReviews = async () => {
    setLoadingMore(true);
    try {
      const next = await getReviews(spotId, reviewPage + 1, REVIEWS_PAGE);
      setReviews((current) => [...current, ...next.items.filter((r) => !current.some((c) => c.id === r.id))]);
      setReviewTotal(next.total);
      setReviewPage(reviewPage + 1);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  useWatchedSpots([spotId]);
  useRealtimeEvent('spot_availability', (event) => {
    if (event.spot_id !== spotId) return;
    setSpot((current) => (current ? { ...current, is_available: event.is_available } : current));
    setSpotAvailability(event.spot_id, event.is_available);
    void loadCalendar().catch(() => undefined);
  });
  useRealtimeEvent('new_review', (event) => {
    if (event.spot_id === spotId) void loadReviews().catch(() => undefined);
  });
  useRealtimeEvent('resync', () => void load());

  return { spot, summary, reviews, reviewTotal, calendar, error, reload: load, reloadCalendar: loadCalendar, moreReviews, loadingMore };
}
