import { Suspense, lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Loading, RequireSession } from '@/components/layout/guards.tsx';

// Every screen is its own chunk: the phone loads neither Leaflet (wall) nor uPlot (kelurahan).
const LoginPage = lazy(() => import('@/pages/login-page.tsx'));
const HomePage = lazy(() => import('@/pages/home-page.tsx'));
const WallPage = lazy(() => import('@/pages/wall-page.tsx'));
const KelurahanPage = lazy(() => import('@/pages/kelurahan-page.tsx'));
const VideoWallPage = lazy(() => import('@/pages/video-wall-page.tsx'));
const CamerasPage = lazy(() => import('@/pages/cameras-page.tsx'));
const InboxPage = lazy(() => import('@/pages/inbox-page.tsx'));
const FindingPage = lazy(() => import('@/pages/finding-page.tsx'));
const AppealsPage = lazy(() => import('@/pages/appeals-page.tsx'));
const MyMonthPage = lazy(() => import('@/pages/my-month-page.tsx'));
const VerificationPage = lazy(() => import('@/pages/verification-page.tsx'));
const TppPage = lazy(() => import('@/pages/tpp-page.tsx'));
const SilencesPage = lazy(() => import('@/pages/silences-page.tsx'));
const AuditPage = lazy(() => import('@/pages/audit-page.tsx'));
const OrganisasiPage = lazy(() => import('@/pages/organisasi-page.tsx'));
const UnavailablePage = lazy(() => import('@/pages/unavailable-page.tsx'));
const NotFoundPage = lazy(() => import('@/pages/not-found-page.tsx'));

export function App() {
  return (
    <BrowserRouter>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/" element={<RequireSession>{<HomePage />}</RequireSession>} />
          <Route path="/wall" element={<RequireSession>{<WallPage />}</RequireSession>} />
          <Route path="/wall/video" element={<RequireSession>{<VideoWallPage />}</RequireSession>} />
          <Route path="/cameras" element={<RequireSession>{<CamerasPage />}</RequireSession>} />
          <Route path="/kelurahan/:code" element={<RequireSession>{<KelurahanPage />}</RequireSession>} />
          <Route path="/inbox" element={<RequireSession>{<InboxPage />}</RequireSession>} />
          <Route path="/findings/:id" element={<RequireSession>{<FindingPage />}</RequireSession>} />
          <Route path="/appeals" element={<RequireSession>{<AppealsPage />}</RequireSession>} />
          <Route path="/bulan-saya" element={<RequireSession>{<MyMonthPage />}</RequireSession>} />
          <Route path="/verifikasi" element={<RequireSession>{<VerificationPage />}</RequireSession>} />
          <Route path="/tpp" element={<RequireSession>{<TppPage />}</RequireSession>} />
          <Route path="/organisasi" element={<RequireSession>{<OrganisasiPage />}</RequireSession>} />
          <Route
            path="/silences"
            element={<RequireSession>{<SilencesPage tab="silences" />}</RequireSession>}
          />
          <Route
            path="/silences/calendar"
            element={<RequireSession>{<SilencesPage tab="calendar" />}</RequireSession>}
          />
          <Route path="/audit" element={<RequireSession>{<AuditPage />}</RequireSession>} />
          <Route path="/unavailable" element={<RequireSession>{<UnavailablePage />}</RequireSession>} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
