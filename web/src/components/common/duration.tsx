import { useTranslation } from 'react-i18next';
import { splitDuration } from '@/lib/time.ts';

/** A duration as big numbers with small units ("1 j 14 mnt"), for counters that must stay on one line. */
export function DurationValue({ ms }: { ms: number }) {
  const { t } = useTranslation();
  const { h, m } = splitDuration(ms);
  return (
    <span className="duration">
      {h > 0 && (
        <>
          {h}
          <small>{t('duration.hUnit')}</small>{' '}
        </>
      )}
      {m}
      <small>{t('duration.mUnit')}</small>
    </span>
  );
}
