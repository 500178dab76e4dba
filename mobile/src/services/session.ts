// The signed-in session and the seed's token refresh flow (4.3):
//   a request fails with 401 -> one refresh runs (concurrent failures wait for the same one) ->
//   every waiting request is retried once with the new access token;
//   requests started while a refresh runs wait for it before they are sent;
//   a refresh token the service refuses (expired, revoked, reused) ends the session: logout.
// Plain TypeScript with its dependencies passed in, so jest tests it without React Native.

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export type RefreshResult = Tokens | 'refused';

export interface SessionDeps {
  // Spends the refresh token at /auth/refresh. 'refused' when the service says 401/422; throws when
  // the service cannot be reached (the session is then kept: the next request tries again).
  refresh(refreshToken: string): Promise<RefreshResult>;
  persist(refreshToken: string | null): Promise<void>;
  onEnded(): void;
}

export type Fetch = (request: Request) => Promise<Response>;

export class Session {
  private tokens: Tokens | null = null;
  private refreshing: Promise<string | null> | null = null;

  constructor(private readonly deps: SessionDeps) {}

  get accessToken(): string | null {
    return this.tokens?.accessToken ?? null;
  }

  get refreshToken(): string | null {
    return this.tokens?.refreshToken ?? null;
  }

  async start(tokens: Tokens): Promise<void> {
    this.tokens = tokens;
    await this.deps.persist(tokens.refreshToken);
  }

  async end(): Promise<void> {
    this.tokens = null;
    await this.deps.persist(null);
  }

  // A new access token after `failed` was refused, or null when the session is over. Only one
  // refresh runs at a time; a caller whose token was already replaced gets the new one at once.
  renew(failed: string | null): Promise<string | null> {
    if (this.tokens === null) return Promise.resolve(null);
    if (failed !== null && this.tokens.accessToken !== failed) return Promise.resolve(this.tokens.accessToken);
    if (this.refreshing === null) {
      this.refreshing = this.runRefresh(this.tokens.refreshToken).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  // Resolves once no refresh is running (requests wait here before they are sent).
  async settled(): Promise<void> {
    if (this.refreshing !== null) await this.refreshing.catch(() => null);
  }

  private async runRefresh(refreshToken: string): Promise<string | null> {
    const result = await this.deps.refresh(refreshToken);
    if (this.tokens?.refreshToken !== refreshToken) return this.accessToken; // signed out or in meanwhile
    if (result === 'refused') {
      await this.end();
      this.deps.onEnded();
      return null;
    }
    await this.start(result);
    return result.accessToken;
  }

  // A fetch that signs requests with the access token and runs the refresh flow on a 401.
  authorizedFetch(base: Fetch): Fetch {
    return async (request: Request) => {
      await this.settled();
      const token = this.accessToken;
      if (token === null || request.headers.has('Authorization')) return base(request);
      const again = request.clone(); // a body can be read once: keep a copy for the retry
      request.headers.set('Authorization', `Bearer ${token}`);
      const response = await base(request);
      if (response.status !== 401) return response;
      const fresh = await this.renew(token);
      if (fresh === null) return response;
      again.headers.set('Authorization', `Bearer ${fresh}`);
      return base(again);
    };
  }
}
