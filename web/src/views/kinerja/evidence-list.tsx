import { useTranslation } from 'react-i18next';
import type { EvidenceView } from '@pkk/core';

/** Evidence with its signature check, shown wherever evidence is shown; each file one tap away. */
export function EvidenceList({ items }: { items: EvidenceView[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <ul className="kinerja__evidence" data-testid="evidence-list">
      {items.map((e) => (
        <li key={e.id}>
          <a href={`/api/v1/kinerja/evidence/${e.id}/file`} target="_blank" rel="noreferrer">
            {e.filename}
          </a>{' '}
          <span className="kinerja__muted">
            {Math.ceil(e.size / 1024)} KB · SHA-256 {e.sha256.slice(0, 12)}…
          </span>{' '}
          <span
            className={e.signature.valid ? 'kinerja__sig kinerja__sig--ok' : 'kinerja__sig kinerja__sig--bad'}
            data-testid="signature"
            title={e.signature.reason ?? undefined}
          >
            {e.signature.valid
              ? t(e.signature.keyRevokedSince ? 'kinerja.sig.validRevoked' : 'kinerja.sig.valid')
              : t('kinerja.sig.invalid')}
          </span>
        </li>
      ))}
    </ul>
  );
}
