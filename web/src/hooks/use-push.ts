import { useCallback, useEffect, useState } from 'react';
import { api } from '@/api/endpoints.ts';
import { ApiError } from '@/api/http.ts';
import { savedLanguage, type Language } from '@/i18n.ts';

export type PushState = 'unsupported' | 'default' | 'denied' | 'subscribing' | 'on' | 'failed';

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/**
 * Web Push on this device: whether it can be had, and a way to turn it on (the browser asks the
 * user; the subscription goes to the api for this user). Asked only on a person's tap.
 */
export function usePush(): { state: PushState; enable: () => Promise<void> } {
  const supported =
    typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window;
  const [state, setState] = useState<PushState>(() =>
    !supported ? 'unsupported' : Notification.permission === 'denied' ? 'denied' : 'default',
  );

  useEffect(() => {
    if (!supported || Notification.permission !== 'granted') return;
    void navigator.serviceWorker.ready
      .then((reg) => reg.pushManager.getSubscription())
      .then((sub) => sub && setState('on'))
      .catch(() => undefined);
  }, [supported]);

  const enable = useCallback(async () => {
    if (!supported) return;
    setState('subscribing');
    try {
      if ((await Notification.requestPermission()) !== 'granted') return setState('denied');
      const reg = await navigator.serviceWorker.ready;
      const { publicKey } = await api.pushKey();
      const fresh = () =>
        reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      const sub = (await reg.pushManager.getSubscription()) ?? (await fresh());
      try {
        await register(sub, savedLanguage());
      } catch (err) {
        // This browser's endpoint belongs to another account (the phone changed hands): a new one.
        if (!(err instanceof ApiError) || err.status !== 409) throw err;
        await sub.unsubscribe();
        await register(await fresh(), savedLanguage());
      }
      setState('on');
    } catch {
      setState('failed');
    }
  }, [supported]);
  return { state, enable };
}

function register(sub: PushSubscription, lang: Language) {
  return api.subscribePush({ ...sub.toJSON(), locale: lang });
}

/**
 * After the language is switched: this device's notifications are worded in it from now on (the
 * subscription, if any, is stored again with the new language).
 */
export async function syncPushLanguage(lang: Language): Promise<void> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const sub = await (await navigator.serviceWorker.ready).pushManager.getSubscription();
    if (sub) await register(sub, lang);
  } catch {
    // Offline or refused: the next subscription carries the language.
  }
}
