// The Bookings tab's store against a fake service at the fetch boundary, and the real-time events
// it follows: a status change shows at once and the booking is read again (the refund), a new
// booking of mine joins its list, a resync reloads, another user signing in forgets the lists.
import { realtime } from '../src/services/realtime';
import { useAuthStore } from '../src/stores/authStore';
import { useBookingStore } from '../src/stores/bookingStore';
import { booking, error, FakeApi, json, listed, spot, SPOT_ID, until, user, type Recorded } from './helpers/fakeApi';

const B1 = '9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const B2 = '1a2b3c4d-5e6f-4a0b-8c9d-0e1f2a3b4c5d';
const B3 = '2b3c4d5e-6f70-4b1c-9d0e-1f2a3b4c5d6e';
const ME = user().id;
const SOMEONE = '3c4d5e6f-7081-4c2d-8e1f-2a3b4c5d6e7f';
let service: FakeApi;
let bookings: Record<string, ReturnType<typeof booking>>;

const query = (call: Recorded) => Object.fromEntries(new URLSearchParams(call.path.split('?')[1] ?? ''));
const at = { id: 1, at: '2030-05-01T09:00:00Z' };

beforeEach(() => {
  useAuthStore.setState({ user: user(), isAuthenticated: true });
  useBookingStore.getState().reset();
  bookings = {
    [B1]: booking({ id: B1, start_time: '2030-05-02T09:00:00Z', end_time: '2030-05-02T12:00:00Z' }),
    [B2]: booking({ id: B2, start_time: '2030-05-01T09:00:00Z', end_time: '2030-05-01T11:00:00Z' }),
  };
  service = new FakeApi();
  service
    .on('GET /api/v1/bookings', (call) =>
      query(call).when === 'upcoming' ? listed([bookings[B2], bookings[B1]]) : listed([]),
    )
    .on(`GET /api/v1/parking-spots/${SPOT_ID}`, () => json(spot()));
  for (const id of [B1, B2, B3]) {
    service.on(`GET /api/v1/bookings/${id}`, () =>
      bookings[id] ? json(bookings[id]) : error(404, 'booking not found', 'not_found'),
    );
  }
  service.install();
});

describe('booking store', () => {
  test('loads a list in the service order, each booking by id, and the spots they are for', async () => {
    await useBookingStore.getState().loadList('upcoming');
    const state = useBookingStore.getState();
    expect(query(service.callsTo('GET /api/v1/bookings')[0])).toEqual({ when: 'upcoming', page: '1', page_size: '100' });
    expect(state.lists.upcoming).toEqual([B2, B1]);
    expect(state.lists.past).toBeNull();
    expect(state.byId[B1]).toEqual(bookings[B1]);
    expect(state.loading.upcoming).toBe(false);
    await until(() =>
      expect(useBookingStore.getState().spots[SPOT_ID]).toEqual({
        title: 'Covered spot by the Ferry Building', address: '1 Ferry Building, San Francisco',
        timezone: 'America/Los_Angeles',
      }),
    );
    expect(service.callsTo(`GET /api/v1/parking-spots/${SPOT_ID}`)).toHaveLength(1); // once for both
  });

  test('reads every page the service has', async () => {
    const many = Array.from({ length: 130 }, (_, n) =>
      booking({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` }),
    );
    service.on('GET /api/v1/bookings', (call) => {
      const page = Number(query(call).page);
      return listed(many.slice((page - 1) * 100, page * 100), many.length);
    });
    await useBookingStore.getState().loadList('past');
    expect(service.callsTo('GET /api/v1/bookings').map((c) => query(c).page)).toEqual(['1', '2']);
    expect(useBookingStore.getState().lists.past).toHaveLength(130);
  });

  test("a failed load shows the service's detail", async () => {
    service.on('GET /api/v1/bookings', () => error(503, 'the database is unavailable', 'database_unavailable'));
    await useBookingStore.getState().loadList('upcoming');
    expect(useBookingStore.getState().errors.upcoming).toBe('the database is unavailable');
    expect(useBookingStore.getState().loading.upcoming).toBe(false);
  });

  test('booking_update changes the status at once, then the booking is read again for the refund', async () => {
    await useBookingStore.getState().loadList('upcoming');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    bookings[B1] = { ...bookings[B1], status: 'cancelled', refund_amount: 1725, cancelled_at: '2030-05-01T09:00:00Z' };
    service.on(`GET /api/v1/bookings/${B1}`, async () => {
      await held;
      return json(bookings[B1]);
    });

    realtime.emit('booking_update', { ...at, type: 'booking_update', booking_id: B1, spot_id: SPOT_ID, status: 'cancelled' });
    expect(useBookingStore.getState().byId[B1].status).toBe('cancelled'); // before any answer
    expect(useBookingStore.getState().byId[B1].refund_amount).toBe(0);
    release();
    await until(() => expect(useBookingStore.getState().byId[B1].refund_amount).toBe(1725));
  });

  test('of two quick updates, the later one wins even if its read comes back first', async () => {
    await useBookingStore.getState().loadList('upcoming');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    service.on(`GET /api/v1/bookings/${B1}`, async () => {
      reads += 1;
      if (reads === 1) {
        await held;
        return json({ ...bookings[B1], status: 'in_progress' });
      }
      return json({ ...bookings[B1], status: 'completed' });
    });
    realtime.emit('booking_update', { ...at, id: 7, type: 'booking_update', booking_id: B1, spot_id: SPOT_ID, status: 'in_progress' });
    realtime.emit('booking_update', { ...at, id: 8, type: 'booking_update', booking_id: B1, spot_id: SPOT_ID, status: 'completed' });
    await until(() => expect(reads).toBe(2));
    release();
    await until(() => expect(useBookingStore.getState().byId[B1].status).toBe('completed'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(useBookingStore.getState().byId[B1].status).toBe('completed');
  });

  test('booking_update of a booking not shown here asks nothing', async () => {
    await useBookingStore.getState().loadList('upcoming');
    const before = service.calls.length;
    realtime.emit('booking_update', { ...at, type: 'booking_update', booking_id: B3, spot_id: SPOT_ID, status: 'cancelled' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(service.calls).toHaveLength(before);
  });

  test('new_booking of mine joins the upcoming list in start order; one of my spot (an owner view) does not', async () => {
    await useBookingStore.getState().loadList('upcoming');
    bookings[B3] = booking({ id: B3, start_time: '2030-05-01T10:00:00Z', end_time: '2030-05-01T11:00:00Z' });
    realtime.emit('new_booking', { ...at, type: 'new_booking', booking_id: B3, spot_id: SPOT_ID });
    await until(() => expect(useBookingStore.getState().lists.upcoming).toEqual([B2, B3, B1]));

    const theirs = '4d5e6f70-8192-4d3e-9f20-3a4b5c6d7e8f';
    bookings[theirs] = booking({ id: theirs, user_id: SOMEONE });
    service.on(`GET /api/v1/bookings/${theirs}`, () => json(bookings[theirs]));
    realtime.emit('new_booking', { ...at, type: 'new_booking', booking_id: theirs, spot_id: SPOT_ID });
    await until(() => expect(service.callsTo(`GET /api/v1/bookings/${theirs}`)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(useBookingStore.getState().lists.upcoming).toEqual([B2, B3, B1]);
    expect(useBookingStore.getState().byId[theirs]).toBeUndefined();
  });

  test('resync reloads the lists that were loaded', async () => {
    await useBookingStore.getState().loadList('upcoming');
    realtime.emit('resync', { type: 'resync', last_event_id: 99 });
    await until(() => expect(service.callsTo('GET /api/v1/bookings')).toHaveLength(2));
    expect(service.callsTo('GET /api/v1/bookings').map((c) => query(c).when)).toEqual(['upcoming', 'upcoming']);
  });

  test("this device's cancel keeps the refund it was told", async () => {
    await useBookingStore.getState().loadList('upcoming');
    useBookingStore.getState().cancelled({
      ...bookings[B1], status: 'cancelled', refund_amount: 862, refund_percent: 50, refund_status: 'refunded',
    });
    const state = useBookingStore.getState();
    expect(state.byId[B1].status).toBe('cancelled');
    expect(state.byId[B1]).not.toHaveProperty('refund_percent');
    expect(state.cancelResults[B1]).toEqual({ percent: 50, amount: 862 });
  });

  test("an extension of a paid booking waits for its payment on the booking", async () => {
    await useBookingStore.getState().loadList('upcoming');
    const extended = { ...bookings[B1], end_time: '2030-05-02T13:00:00Z', total_amount: 2300 };
    const store = () => useBookingStore.getState();
    store().extended(
      { ...extended, amount_due: 575, extension_id: '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a', payment_due_by: '2030-05-02T10:15:00Z' },
      bookings[B1].end_time,
    );
    expect(store().byId[B1]).toEqual({
      ...extended,
      pending_extension: {
        id: '6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a', amount: 575, payment_due_by: '2030-05-02T10:15:00Z',
        previous_end: '2030-05-02T12:00:00Z',
      },
    });

    // payments off: nothing waits
    store().extended({ ...extended, amount_due: 575, extension_id: null, payment_due_by: null }, bookings[B1].end_time);
    expect(store().byId[B1].pending_extension).toBeUndefined();
  });

  test('another user signing in forgets the previous one’s bookings', async () => {
    await useBookingStore.getState().loadList('upcoming');
    useAuthStore.setState({ user: user({ id: SOMEONE, email: 'sam@example.com' }) });
    expect(useBookingStore.getState().lists.upcoming).toBeNull();
    expect(useBookingStore.getState().byId).toEqual({});
  });

  test('my reviews are kept by booking', async () => {
    const review = {
      id: '5e6f7081-92a3-4e4f-8a31-4b5c6d7e8f90', booking_id: B2, parking_spot_id: SPOT_ID, reviewer_id: ME,
      reviewer_name: 'Pat Example', overall_rating: 5, location_rating: null, access_rating: null, value_rating: null,
      safety_rating: null, comment: 'Great', owner_response: null, owner_responded_at: null, helpful_count: 0,
      is_hidden: false, editable_until: '2030-05-15T09:00:00Z', created_at: '2030-05-01T12:00:00Z',
      updated_at: '2030-05-01T12:00:00Z',
    };
    service.on('GET /api/v1/users/me/reviews', () => listed([review]));
    await useBookingStore.getState().loadMyReviews();
    expect(useBookingStore.getState().myReviews).toEqual({ [B2]: review });
  });
});
