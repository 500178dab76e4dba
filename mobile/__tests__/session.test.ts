// The refresh queue of services/session.ts (seed 4.3) with a fake service: a 401 triggers one
// refresh, requests waiting on it are retried with the new token (bodies intact), a refused refresh
// ends the session once, a network failure keeps it.
import { Session, type RefreshResult, type SessionDeps } from '../src/services/session';

const OLD = { accessToken: 'access-old', refreshToken: 'refresh-old' };
const NEW = { accessToken: 'access-new', refreshToken: 'refresh-new' };

interface Sent {
  method: string;
  url: string;
  authorization: string | null;
  body: string;
}

// A service that accepts exactly one access token; every request is recorded as it arrives.
function fakeService(valid: string) {
  const sent: Sent[] = [];
  const fetch = jest.fn(async (request: Request): Promise<Response> => {
    const body = request.method === 'GET' ? '' : await request.text();
    const authorization = request.headers.get('Authorization');
    sent.push({ method: request.method, url: request.url, authorization, body });
    if (authorization !== `Bearer ${valid}`) {
      return Response.json({ detail: 'token expired', code: 'token_expired' }, { status: 401 });
    }
    return Response.json({ echo: body, url: request.url });
  });
  return { fetch, sent };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// Lets every pending promise chain run (fetches reach the fake service, 401s reach renew()).
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function makeSession(refresh: (token: string) => Promise<RefreshResult>) {
  const deps: SessionDeps & { persist: jest.Mock; onEnded: jest.Mock; refresh: jest.Mock } = {
    refresh: jest.fn(refresh),
    persist: jest.fn(async () => undefined),
    onEnded: jest.fn(),
  };
  return { session: new Session(deps), deps };
}

const post = (path: string, body: object) =>
  new Request(`http://api.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the refresh queue', () => {
  test('N concurrent 401s make one refresh; every request is retried once with the new token, body intact', async () => {
    const service = fakeService(NEW.accessToken);
    const pending = deferred<RefreshResult>();
    const { session, deps } = makeSession(() => pending.promise);
    await session.start(OLD);
    const signed = session.authorizedFetch(service.fetch);

    const bodies = [1, 2, 3, 4, 5].map((n) => ({ n, note: `request ${n}` }));
    const answers = Promise.all(bodies.map((body) => signed(post(`/api/v1/things/${body.n}`, body))));
    await flush();
    // all five went out with the old token and are now waiting for the one refresh
    expect(service.sent.map((s) => s.authorization)).toEqual(Array(5).fill(`Bearer ${OLD.accessToken}`));
    expect(deps.refresh).toHaveBeenCalledTimes(1);
    expect(deps.refresh).toHaveBeenCalledWith(OLD.refreshToken);

    pending.resolve(NEW);
    const responses = await answers;

    expect(deps.refresh).toHaveBeenCalledTimes(1);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const retries = service.sent.slice(5);
    expect(retries).toHaveLength(5);
    for (const body of bodies) {
      const retried = retries.filter((s) => s.url.endsWith(`/things/${body.n}`));
      expect(retried).toHaveLength(1);
      expect(retried[0]).toMatchObject({ method: 'POST', authorization: `Bearer ${NEW.accessToken}` });
      expect(JSON.parse(retried[0].body)).toEqual(body);
    }
    const echoed = await Promise.all(responses.map((r) => r.json() as Promise<{ echo: string }>));
    expect(echoed.map((e) => JSON.parse(e.echo))).toEqual(bodies);
    expect(session.accessToken).toBe(NEW.accessToken);
    expect(session.refreshToken).toBe(NEW.refreshToken);
    expect(deps.persist).toHaveBeenLastCalledWith(NEW.refreshToken);
    expect(deps.onEnded).not.toHaveBeenCalled();
  });

  test('a request started while a refresh runs waits for it and is sent once, with the new token', async () => {
    const service = fakeService(NEW.accessToken);
    const pending = deferred<RefreshResult>();
    const { session, deps } = makeSession(() => pending.promise);
    await session.start(OLD);
    const signed = session.authorizedFetch(service.fetch);

    const first = signed(new Request('http://api.test/api/v1/users/me'));
    await flush();
    expect(deps.refresh).toHaveBeenCalledTimes(1);

    const later = signed(post('/api/v1/bookings', { spot: 'a' }));
    await flush();
    expect(service.sent.filter((s) => s.url.endsWith('/bookings'))).toHaveLength(0); // held back

    pending.resolve(NEW);
    const [a, b] = await Promise.all([first, later]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const bookings = service.sent.filter((s) => s.url.endsWith('/bookings'));
    expect(bookings).toEqual([
      { method: 'POST', url: 'http://api.test/api/v1/bookings', authorization: `Bearer ${NEW.accessToken}`,
        body: JSON.stringify({ spot: 'a' }) },
    ]);
    expect(deps.refresh).toHaveBeenCalledTimes(1);
  });

  test('a refused refresh ends the session once; the waiting requests get their 401', async () => {
    const service = fakeService('no token is valid any more');
    const pending = deferred<RefreshResult>();
    const { session, deps } = makeSession(() => pending.promise);
    await session.start(OLD);
    const signed = session.authorizedFetch(service.fetch);

    const failing = [1, 2, 3].map((n) => signed(post(`/api/v1/things/${n}`, { n })));
    await flush();
    const waiting = signed(new Request('http://api.test/api/v1/users/me'));
    await flush();
    pending.resolve('refused');
    const responses = await Promise.all([...failing, waiting]);

    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    const body = (await responses[0].json()) as { code: string };
    expect(body.code).toBe('token_expired');
    expect(deps.refresh).toHaveBeenCalledTimes(1);
    expect(deps.onEnded).toHaveBeenCalledTimes(1);
    expect(deps.persist).toHaveBeenLastCalledWith(null);
    expect(session.accessToken).toBeNull();
    expect(session.refreshToken).toBeNull();
    // nothing was retried: three tries with the old token, the waiting one went out unsigned once
    expect(service.sent.map((s) => s.authorization)).toEqual([
      `Bearer ${OLD.accessToken}`, `Bearer ${OLD.accessToken}`, `Bearer ${OLD.accessToken}`, null,
    ]);

    // later requests go out without a token and start no refresh
    const after = await signed(new Request('http://api.test/api/v1/users/me'));
    expect(after.status).toBe(401);
    expect(service.sent[service.sent.length - 1].authorization).toBeNull();
    expect(deps.refresh).toHaveBeenCalledTimes(1);
    expect(deps.onEnded).toHaveBeenCalledTimes(1);
  });

  test('a network error during the refresh keeps the session; the next 401 refreshes again', async () => {
    const service = fakeService(NEW.accessToken);
    let attempt = 0;
    const { session, deps } = makeSession(async () => {
      attempt += 1;
      if (attempt === 1) throw new TypeError('Network request failed');
      return NEW;
    });
    await session.start(OLD);
    const signed = session.authorizedFetch(service.fetch);

    await expect(signed(new Request('http://api.test/api/v1/users/me'))).rejects.toThrow('Network request failed');
    expect(session.accessToken).toBe(OLD.accessToken);
    expect(session.refreshToken).toBe(OLD.refreshToken);
    expect(deps.onEnded).not.toHaveBeenCalled();
    expect(deps.persist).not.toHaveBeenCalledWith(null);

    const again = await signed(new Request('http://api.test/api/v1/users/me'));
    expect(again.status).toBe(200);
    expect(deps.refresh).toHaveBeenCalledTimes(2);
    expect(session.accessToken).toBe(NEW.accessToken);
  });

  test('a request that carries its own Authorization header is sent as is and never refreshes', async () => {
    const service = fakeService(NEW.accessToken);
    const { session, deps } = makeSession(async () => NEW);
    await session.start(OLD);
    const signed = session.authorizedFetch(service.fetch);

    const own = new Request('http://api.test/api/v1/users/me', { headers: { Authorization: 'Bearer mine' } });
    const response = await signed(own);
    expect(response.status).toBe(401);
    expect(service.sent).toHaveLength(1);
    expect(service.sent[0].authorization).toBe('Bearer mine');
    expect(deps.refresh).not.toHaveBeenCalled();
    expect(session.accessToken).toBe(OLD.accessToken);
  });

  test('without a session no Authorization header is added and a 401 is returned as is', async () => {
    const service = fakeService(NEW.accessToken);
    const { session, deps } = makeSession(async () => NEW);
    const signed = session.authorizedFetch(service.fetch);

    const response = await signed(post('/api/v1/auth/login', { email: 'a@b.c', password: 'x' }));
    expect(response.status).toBe(401);
    expect(service.sent).toHaveLength(1);
    expect(service.sent[0].authorization).toBeNull();
    expect(JSON.parse(service.sent[0].body)).toEqual({ email: 'a@b.c', password: 'x' });
    expect(deps.refresh).not.toHaveBeenCalled();
  });

  test('a caller whose token was already replaced gets the new one without another refresh', async () => {
    const { session, deps } = makeSession(async () => NEW);
    await session.start(OLD);
    expect(await session.renew(OLD.accessToken)).toBe(NEW.accessToken);
    expect(await session.renew(OLD.accessToken)).toBe(NEW.accessToken); // a late 401 of the old token
    expect(deps.refresh).toHaveBeenCalledTimes(1);
  });

  test('signing out while a refresh runs discards its answer', async () => {
    const pending = deferred<RefreshResult>();
    const { session, deps } = makeSession(() => pending.promise);
    await session.start(OLD);
    const renewed = session.renew(OLD.accessToken);
    await session.end();
    pending.resolve(NEW);
    expect(await renewed).toBeNull();
    expect(session.accessToken).toBeNull();
    expect(deps.onEnded).not.toHaveBeenCalled();
  });
});
