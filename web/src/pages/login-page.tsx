import { Navigate } from 'react-router';
import { useSession } from '@/hooks/use-session.ts';
import { homeFor } from '@/lib/scope.ts';
import { LoginView } from '@/views/auth/login-view.tsx';

export default function LoginPage() {
  const s = useSession();
  if (s.status === 'authenticated') return <Navigate to={homeFor(s.me)} replace />;
  return <LoginView />;
}
