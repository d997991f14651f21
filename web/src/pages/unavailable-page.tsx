import { UnavailableView } from '@/views/auth/unavailable-view.tsx';

export default function UnavailablePage() {
  return <UnavailableView />;
}
