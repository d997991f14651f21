import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_ZONE,
  formatAgo,
  formatDate,
  formatNumber,
  formatShortDate,
  formatWindow,
  formatTime,
  splitDuration,
  zoneLabel,
} from '@/lib/time.ts';
import { useRegistry } from './use-registry.ts';

/** Formatting in the language shown and the offices' zone (WIB). */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const reg = useRegistry();
  const zone = reg.status === 'ready' ? reg.value.zone : DEFAULT_ZONE;
  const duration = useCallback(
    (ms: number) => {
      const { h, m } = splitDuration(ms);
      return h > 0 ? t('duration.hm', { h, m }) : t('duration.m', { m });
    },
    [t],
  );
  return useMemo(
    () => ({
      zone,
      zoneLabel: zoneLabel(zone),
      time: (ms: number) => formatTime(ms, zone, lang),
      date: (ms: number) => formatDate(ms, zone, lang),
      shortDate: (ms: number) => formatShortDate(ms, zone, lang),
      window: (from: number, to: number) => formatWindow(from, to, zone, lang),
      ago: (ms: number) => formatAgo(ms, lang),
      num: (n: number) => formatNumber(n, lang),
      duration,
    }),
    [zone, lang, duration],
  );
}
