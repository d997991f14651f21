/// <reference lib="webworker" />
/**
 * The service worker: caches the app shell so the installed app opens at once and offline, and never
 * caches live data (the api and socket.io always go to the network). Built by build/pwa-shell.ts,
 * which puts this build's file list where the placeholder is.
 */
import type { PushMessage } from '@pkk/core';

declare const self: ServiceWorkerGlobalScope;

const PRECACHE = JSON.parse('__PKK_PRECACHE__') as { version: string; files: string[] };
const CACHE = `pkk-shell-${PRECACHE.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.files))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('pkk-shell-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;

  if (req.mode === 'navigate') {
    // Network first so a deploy shows at once; the cached shell when offline.
    event.respondWith(
      fetch(req).catch(async () => (await caches.match('/', { cacheName: CACHE })) ?? Response.error()),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/')) {
    // Hashed or stable files: the cache first.
    event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit ?? fetch(req)));
  }
});

/**
 * Web Push: each alert notification (payload from the workers' webpush channel, worded in the
 * subscriber's language) shows as a system notification, one per alert group (its tag), so a newer
 * one replaces the older; it carries the address of the finding it tells of.
 */
self.addEventListener('push', (event) => {
  const data = (event.data?.json() ?? {}) as Partial<PushMessage>;
  event.waitUntil(
    self.registration.showNotification(data.title ?? 'Pusat Komando Kelurahan', {
      body: data.body ?? '',
      tag: data.tag,
      lang: data.lang,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      requireInteraction: data.severity === 'critical',
      data: { url: data.url ?? '/inbox' },
    }),
  );
});

/** A tap opens the finding (`/findings/:id`): in a window of the app already open, or a new one. */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(
    (event.notification.data as { url?: string } | undefined)?.url ?? '/inbox',
    self.location.origin,
  );
  // Only the app's own pages: a payload never sends the phone elsewhere.
  const target =
    url.origin === self.location.origin ? url.href : new URL('/inbox', self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        await open.navigate(target);
        await open.focus();
      } else await self.clients.openWindow(target);
    })(),
  );
});
