import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useSearchParams } from 'react-router';
import { Main } from '@/components/layout/main-landmark.tsx';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { useSilences } from '@/hooks/use-silences.ts';
import { parseMatcherInput } from '@/lib/silences.ts';
import { CalendarPanel } from './calendar-panel.tsx';
import { SilenceForm } from './silence-form.tsx';
import { SilenceList } from './silence-list.tsx';
import './silences.css';

export type SilencesTab = 'silences' | 'calendar';

/**
 * Pembisuan: the silences of the user's area (Alertmanager's: matchers and a window), a form to add
 * one, and the calendar of office outages and holidays. `?matcher=…` (repeatable) prefills the form,
 * as the inbox's "Bisukan serupa" does.
 */
export function SilencesView({ tab, index }: { tab: SilencesTab; index: RegistryIndex }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const silences = useSilences();
  const prefill = useMemo(() => {
    const parsed = parseMatcherInput(params.getAll('matcher').join('\n'));
    return parsed.ok ? parsed.matchers : [];
  }, [params]);

  return (
    <Main className="sil" data-testid="silences" data-phase={silences.phase} data-tab={tab}>
      <h1 className="sil__title">{t('silences.title')}</h1>
      <nav className="sil__tabs" aria-label={t('silences.tabs.label')}>
        <NavLink to="/silences" end data-testid="tab-silences">
          {t('silences.tabs.silences')}
        </NavLink>
        <NavLink to="/silences/calendar" end data-testid="tab-calendar">
          {t('silences.tabs.calendar')}
        </NavLink>
      </nav>
      {silences.phase === 'loading' ? (
        <div className="sil__note">
          <div className="spinner" />
          {t('common.loading')}
        </div>
      ) : silences.phase === 'error' && !silences.items.length ? (
        <p className="sil__note">{t('common.loadFailed')}</p>
      ) : tab === 'calendar' ? (
        <CalendarPanel silences={silences.items} index={index} onChanged={silences.upsert} />
      ) : (
        <div className={`sil__body${prefill.length ? ' sil__body--prefill' : ''}`}>
          <p className="sil__intro sil__intro--wide">{t('silences.intro')}</p>
          <section className="sil__col" aria-labelledby="silence-list-title">
            <h2 id="silence-list-title" className="visually-hidden">
              {t('silences.tabs.silences')}
            </h2>
            <div data-testid="silence-list">
              <SilenceList
                items={silences.items}
                index={index}
                onChanged={silences.upsert}
                empty={t('silences.none')}
              />
            </div>
          </section>
          <section className="sil__col sil__col--form">
            <SilenceForm key={prefill.join('|')} prefill={prefill} onCreated={silences.upsert} />
          </section>
        </div>
      )}
    </Main>
  );
}
