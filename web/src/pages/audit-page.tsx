import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { AppShell } from '@/components/layout/app-shell.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { AuditView } from '@/views/audit/audit-view.tsx';

const KINDS = new Set(['finding', 'officer', 'camera', 'user', 'device', 'silence']);

/** `/audit?subject=finding:12`: the audit trail for admins and verifikator. */
export default function AuditPage() {
  const me = useMe();
  const [params] = useSearchParams();
  const subject = params.get('subject') ?? '';
  const initial = useMemo(() => {
    const [kind, ...rest] = subject.split(':');
    return kind && KINDS.has(kind) && rest.length ? { kind: kind as 'finding', id: rest.join(':') } : null;
  }, [subject]);
  if (me.role !== 'admin' && me.role !== 'verifikator') return <UnavailableView />;
  return (
    <AppShell>
      <AuditView initial={initial} canVerify={me.role === 'admin'} />
    </AppShell>
  );
}
