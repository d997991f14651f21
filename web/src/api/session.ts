import type { Me } from '@pkk/core';
import { api } from './endpoints.ts';
import { ApiError } from './http.ts';

export type SessionState =
  | { status: 'checking'; me: null }
  | { status: 'anonymous'; me: null; expired: boolean }
  | { status: 'authenticated'; me: Me };

/**
 * Who is signed in. The session cookie is httpOnly, so the browser keeps a hint that one exists: with
 * no hint there is nothing to ask the server (and no 401 to log); with one, /auth/me says who it is.
 */
const HINT = 'pkk.session';

type Listener = () => void;

class SessionStore {
  private state: SessionState;
  private listeners = new Set<Listener>();
  private signOutHooks = new Set<() => void>();

  constructor() {
    this.state = readHint()
      ? { status: 'checking', me: null }
      : { status: 'anonymous', me: null, expired: false };
    if (this.state.status === 'checking') void this.refresh();
  }

  get = (): SessionState => this.state;

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** Runs when the session ends, however it ends (the live connection closes here). */
  onSignOut(hook: () => void): () => void {
    this.signOutHooks.add(hook);
    return () => this.signOutHooks.delete(hook);
  }

  async refresh(): Promise<void> {
    try {
      const me = await api.me();
      this.set({ status: 'authenticated', me });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return this.ended(false);
      // The server is unreachable: keep the hint and show the login screen's error path.
      this.set({ status: 'anonymous', me: null, expired: false });
    }
  }

  async login(username: string, password: string): Promise<Me> {
    const me = await api.login(username, password);
    writeHint(true);
    this.set({ status: 'authenticated', me });
    return me;
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      this.ended(false);
    }
  }

  /** The server no longer accepts the session. */
  expire(): void {
    if (this.state.status === 'authenticated') this.ended(true);
  }

  private ended(expired: boolean): void {
    writeHint(false);
    for (const h of this.signOutHooks) h();
    this.set({ status: 'anonymous', me: null, expired });
  }

  private set(s: SessionState): void {
    this.state = s;
    for (const l of this.listeners) l();
  }
}

function readHint(): boolean {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return false;
  }
}

function writeHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    // private mode: the session still works for this page
  }
}

export const session = new SessionStore();
