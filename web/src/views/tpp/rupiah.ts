import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Whole rupiah in the language shown (Rp3.854.725 in Bahasa Indonesia, IDR 3,854,725 in English). */
export function useRupiah(): (n: number) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const f = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'id-ID', {
      style: 'currency',
      currency: 'IDR',
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
    });
    return (n: number) => f.format(n);
  }, [i18n.language]);
}
