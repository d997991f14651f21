import type { Locator } from 'playwright-core';

/** A LivePlayer (web/src/components/video): its state, transport and frame count, read from data attributes. */
export class LivePlayerView {
  readonly video: Locator;
  readonly liveBadge: Locator;
  readonly staleBadge: Locator;

  constructor(readonly root: Locator) {
    this.video = root.getByTestId('live-video');
    this.liveBadge = root.getByTestId('live-badge');
    this.staleBadge = root.getByTestId('stale-badge');
  }

  async state(): Promise<string | null> {
    return this.root.getAttribute('data-state');
  }

  async transport(): Promise<string | null> {
    return this.root.getAttribute('data-transport');
  }

  async frames(): Promise<number> {
    return Number((await this.root.getAttribute('data-frames')) ?? '0');
  }

  async waitForState(
    state: 'idle' | 'connecting' | 'playing' | 'stale' | 'failed',
    timeout?: number,
  ): Promise<void> {
    await this.root.and(this.root.page().locator(`[data-state="${state}"]`)).waitFor({ timeout });
  }

  /** Resolves once more than `n` frames were presented. */
  async waitForFrames(n: number, timeout = 10_000): Promise<void> {
    const handle = await this.root.elementHandle();
    await this.root
      .page()
      // The predicate runs in the page: `n` goes along as an argument, not by closure.
      .waitForFunction(
        ([el, min]) => Number((el as Element | null)?.getAttribute('data-frames') ?? 0) > (min as number),
        [handle, n] as const,
        { timeout },
      );
  }
}
