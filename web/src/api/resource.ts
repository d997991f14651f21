/**
 * A value loaded once from the server and shared by every component that reads it (registry,
 * boundaries), readable with useSyncExternalStore. A failed load can be retried.
 */
export type ResourceState<T> =
  { status: 'idle' | 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: Error };

export class Resource<T> {
  private state: ResourceState<T> = { status: 'idle' };
  private listeners = new Set<() => void>();

  constructor(private readonly load: () => Promise<T>) {}

  get = (): ResourceState<T> => this.state;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** Starts the load if nothing is loaded or loading. */
  ensure = (): void => {
    if (this.state.status === 'idle' || this.state.status === 'error') {
      this.set({ status: 'loading' });
      this.load().then(
        (value) => this.set({ status: 'ready', value }),
        (error: unknown) =>
          this.set({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
      );
    }
  };

  private set(s: ResourceState<T>): void {
    this.state = s;
    for (const l of this.listeners) l();
  }
}
