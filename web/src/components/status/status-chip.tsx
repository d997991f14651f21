import type { OfficeStatus } from '@pkk/core';
import { useTranslation } from 'react-i18next';
import { StatusIcon } from './status-icon.tsx';

/** A status as icon and word, coloured: readable without colour. */
export function StatusChip({ status, size = 'md' }: { status: OfficeStatus; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <span className={`status-chip status-chip--${status} status-chip--${size}`} data-status={status}>
      <StatusIcon status={status} />
      <span>{t(`status.${status}`)}</span>
    </span>
  );
}
