import type { Locator, Page } from 'playwright-core';
import { LivePlayerView } from './live-player.ts';

/** The video wall (`/wall/video`). */
export class VideoWallPage {
  readonly root: Locator;
  readonly tiles: Locator;
  readonly pageIndicator: Locator;
  readonly follow: Locator;
  readonly kecamatan: Locator;
  readonly rotate: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('video-wall');
    this.tiles = page.getByTestId('video-tile');
    this.pageIndicator = page.getByTestId('page-indicator');
    this.follow = page.getByTestId('follow-alerts');
    this.kecamatan = page.getByTestId('kecamatan-filter');
    this.rotate = page.getByTestId('rotate-interval');
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`/wall/video${query}`);
    await this.ready();
  }

  async ready(): Promise<void> {
    await this.page.locator('[data-testid=video-wall][data-phase=ready]').waitFor();
  }

  grid(n: 2 | 3 | 4): Locator {
    return this.page.getByTestId(`grid-${n}`);
  }

  tile(cameraId: string): Locator {
    return this.page.locator(`[data-testid=video-tile][data-camera="${cameraId}"]`);
  }

  player(cameraId: string): LivePlayerView {
    return new LivePlayerView(this.tile(cameraId).getByTestId('live-player'));
  }

  async tileCameras(): Promise<string[]> {
    return this.tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-camera') ?? ''));
  }

  async tileKelurahan(): Promise<string[]> {
    return this.tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-kelurahan') ?? ''));
  }

  async pageNumber(): Promise<{ page: number; pages: number }> {
    const [page, pages] = await Promise.all([
      this.pageIndicator.getAttribute('data-page'),
      this.pageIndicator.getAttribute('data-pages'),
    ]);
    return { page: Number(page), pages: Number(pages) };
  }

  async waitForPage(page: number, timeout?: number): Promise<void> {
    await this.page.locator(`[data-testid=page-indicator][data-page="${page}"]`).waitFor({ timeout });
  }

  /** How many players are playing or trying to (the others are stopped). */
  async activePlayers(): Promise<number> {
    return this.page.locator('[data-testid=live-player]:not([data-state=idle])').count();
  }
}
