// The Home tab's store against a fake service at the fetch boundary: the viewport's spots (with
// their distance from the map center), the filtered search around the center, errors, answers that
// come back out of order, live availability.
import type { Bounds } from '../src/types/map';
import { hasFilters, useParkingSpotStore } from '../src/stores/parkingSpotStore';
import { error, FakeApi, json, listed, mapSpot, searchSpot, spot, SPOT_ID, until, type Recorded } from './helpers/fakeApi';

const SF: Bounds = { minLat: 37.76, minLon: -122.45, maxLat: 37.8, maxLon: -122.39 };
const OTHER = '6e3f8d55-2c1b-4a7f-9e4d-0b2c3d4e5f60';
const initial = useParkingSpotStore.getState();
let service: FakeApi;

const query = (call: Recorded) => Object.fromEntries(new URLSearchParams(call.path.split('?')[1] ?? ''));

beforeEach(() => {
  useParkingSpotStore.setState(initial, true);
  service = new FakeApi();
  service
    .on('GET /api/v1/parking-spots/in-bounds', () =>
      listed([mapSpot(), mapSpot({ id: OTHER, latitude: 37.77, longitude: -122.42, is_available: false })], 57),
    )
    .on('GET /api/v1/parking-spots', () => listed([searchSpot({ has_ev_charging: true })], 1))
    .on(`GET /api/v1/parking-spots/${SPOT_ID}`, () => json(spot()));
  service.install();
});

describe('parking spot store', () => {
  test('without filters it lists the spots of the viewport, with their distance from its center', async () => {
    await useParkingSpotStore.getState().searchNearby(SF);
    const [call] = service.callsTo('GET /api/v1/parking-spots/in-bounds');
    expect(query(call)).toEqual({
      min_lat: '37.76', min_lon: '-122.45', max_lat: '37.8', max_lon: '-122.39', limit: '400',
    });
    const state = useParkingSpotStore.getState();
    expect(state.searchResults.map((s) => s.id)).toEqual([SPOT_ID, OTHER]);
    expect(state.total).toBe(57); // X-Total-Count: more match than are drawn
    expect(state.isLoading).toBe(false);
    expect(state.error).toBeNull();
    expect(state.viewport?.center).toEqual({ latitude: 37.78, longitude: -122.42 });
    // great-circle distances: the Ferry Building 2.88 km north-east of the center, the other 1.11 km south
    expect(state.searchResults[0].distance_km).toBeCloseTo(2.883, 2);
    expect(state.searchResults[1].distance_km).toBeCloseTo(1.112, 2);
    expect(service.callsTo('GET /api/v1/parking-spots')).toHaveLength(0);
  });

  test('with filters it searches around the center of the same viewport, nearest first', async () => {
    await useParkingSpotStore.getState().searchNearby(SF);
    useParkingSpotStore.getState().setFilters({ has_ev_charging: true, max_hourly_rate: 800, spot_type: 'garage' });
    await Promise.resolve();
    expect(hasFilters(useParkingSpotStore.getState().searchFilters)).toBe(true);
    await until(() => expect(useParkingSpotStore.getState().isLoading).toBe(false));

    const [call] = service.callsTo('GET /api/v1/parking-spots');
    const sent = query(call);
    expect(sent).toMatchObject({
      latitude: '37.78', longitude: '-122.42', has_ev_charging: 'true', max_hourly_rate: '800',
      spot_type: 'garage', sort: 'distance', page_size: '100',
    });
    expect(Number(sent.radius_km)).toBeGreaterThan(2);
    expect(Number(sent.radius_km)).toBeLessThanOrEqual(50);
    expect(useParkingSpotStore.getState().searchResults).toEqual([searchSpot({ has_ev_charging: true })]);
    expect(useParkingSpotStore.getState().total).toBe(1);

    useParkingSpotStore.getState().clearFilters();
    await until(() => expect(service.callsTo('GET /api/v1/parking-spots/in-bounds')).toHaveLength(2));
    expect(hasFilters(useParkingSpotStore.getState().searchFilters)).toBe(false);
  });

  test("an error shows the service's detail and keeps what was shown", async () => {
    await useParkingSpotStore.getState().searchNearby(SF);
    service.on('GET /api/v1/parking-spots/in-bounds', () => error(422, 'min_lat: must be below max_lat', 'validation'));
    await useParkingSpotStore.getState().searchNearby({ ...SF, minLon: -122.5 });
    const state = useParkingSpotStore.getState();
    expect(state.error).toBe('min_lat: must be below max_lat');
    expect(state.isLoading).toBe(false);
    expect(state.searchResults).toHaveLength(2);
  });

  test('an older answer that arrives last does not replace the newer one', async () => {
    let releaseFirst!: () => void;
    const first = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    service.on('GET /api/v1/parking-spots/in-bounds', async () => {
      calls += 1;
      if (calls === 1) {
        await first;
        return listed([mapSpot({ title: 'old viewport' })]);
      }
      return listed([mapSpot({ title: 'new viewport' })]);
    });
    const older = useParkingSpotStore.getState().searchNearby(SF);
    await useParkingSpotStore.getState().searchNearby({ ...SF, minLat: 37.7 });
    releaseFirst();
    await older;
    expect(useParkingSpotStore.getState().searchResults.map((s) => s.title)).toEqual(['new viewport']);
  });

  test('an empty or inverted viewport asks nothing', async () => {
    await useParkingSpotStore.getState().searchNearby({ ...SF, maxLat: SF.minLat });
    await useParkingSpotStore.getState().searchNearby(); // no viewport yet
    expect(service.calls).toHaveLength(0);
  });

  test('a spot turning unavailable is marked so in the results and in the open detail', async () => {
    await useParkingSpotStore.getState().searchNearby(SF);
    await useParkingSpotStore.getState().getSpotDetails(SPOT_ID);
    expect(useParkingSpotStore.getState().selectedSpot?.title).toBe('Covered spot by the Ferry Building');

    useParkingSpotStore.getState().setSpotAvailability(SPOT_ID, false);
    const state = useParkingSpotStore.getState();
    expect(state.searchResults.find((s) => s.id === SPOT_ID)?.is_available).toBe(false);
    expect(state.searchResults.find((s) => s.id === OTHER)?.is_available).toBe(false);
    expect(state.selectedSpot?.is_available).toBe(false);

    useParkingSpotStore.getState().setSpotAvailability(OTHER, true);
    expect(useParkingSpotStore.getState().searchResults.find((s) => s.id === OTHER)?.is_available).toBe(true);
    expect(useParkingSpotStore.getState().selectedSpot?.is_available).toBe(false);
  });

  test('picking a spot on the map or in the list selects it', async () => {
    await useParkingSpotStore.getState().searchNearby(SF);
    useParkingSpotStore.getState().selectSpot(SPOT_ID);
    expect(useParkingSpotStore.getState().selectedSpotId).toBe(SPOT_ID);
    useParkingSpotStore.getState().selectSpot(null);
    expect(useParkingSpotStore.getState().selectedSpotId).toBeNull();
    expect(service.callsTo(`GET /api/v1/parking-spots/${SPOT_ID}`)).toHaveLength(0); // the results hold it
  });

  test('a spot picked on the map tiles that the results do not hold is fetched for its card', async () => {
    service.on('GET /api/v1/parking-spots/in-bounds', () => listed([], 0));
    await useParkingSpotStore.getState().searchNearby(SF);
    useParkingSpotStore.getState().selectSpot(SPOT_ID);
    await until(() => expect(useParkingSpotStore.getState().pickedSpot?.id).toBe(SPOT_ID));
    const picked = useParkingSpotStore.getState().pickedSpot!;
    expect(picked.title).toBe('Covered spot by the Ferry Building');
    expect(picked.distance_km).toBeCloseTo(2.883, 2); // from the viewport's center
    useParkingSpotStore.getState().setSpotAvailability(SPOT_ID, false);
    expect(useParkingSpotStore.getState().pickedSpot?.is_available).toBe(false);
  });
});
