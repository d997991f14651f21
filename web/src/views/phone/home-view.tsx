import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfficeStatus } from '@pkk/core';
import { useServerNow } from '@/hooks/use-live.ts';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { useScopeSummaries } from '@/hooks/use-scope.ts';
import { matchScore, searchKeys } from '@/lib/search.ts';
import { compareByAttention } from '@/lib/status.ts';
import { Glance } from './glance.tsx';
import { KelurahanList, type ListRow } from './kelurahan-list.tsx';
import './phone.css';

/**
 * The mayor's phone: the city (or the camat's kecamatan) at a glance, then every office sorted by
 * what needs attention, searchable by either spelling of its name.
 */
export function HomeView({ index }: { index: RegistryIndex }) {
  const { t } = useTranslation();
  const live = useScopeSummaries();
  const now = useServerNow();
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<OfficeStatus | null>(null);
  const q = useDeferredValue(query);

  const keys = useMemo(() => new Map(index.registry.kelurahan.map((k) => [k.code, searchKeys(k)])), [index]);

  const rows = useMemo(() => {
    const out: (ListRow & { score: number })[] = [];
    for (const summary of live.items.values()) {
      const entry = index.kelurahan.get(summary.code);
      if (!entry) continue;
      if (filter && summary.status !== filter) continue;
      const score = matchScore(entry, q, keys.get(entry.code));
      if (score > 0) out.push({ entry, summary, score });
    }
    const byAttention = compareByAttention(now, index.nameOf);
    // While searching, the best matches first; otherwise attention order.
    out.sort((a, b) => (q.trim() ? b.score - a.score : 0) || byAttention(a.summary, b.summary));
    return out;
  }, [live.items, index, keys, q, filter, now]);

  const area =
    live.scope?.kind === 'kecamatan'
      ? t('home.areaKecamatan', { name: index.kecamatan.get(live.scope.kecamatanCode)?.name ?? '' })
      : t('app.city');

  return (
    <div className="home" data-testid="home" data-phase={live.phase}>
      <div className="home__search">
        <label className="visually-hidden" htmlFor="kel-search">
          {t('home.searchLabel')}
        </label>
        <input
          id="kel-search"
          type="search"
          inputMode="search"
          autoComplete="off"
          placeholder={t('home.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="search"
        />
      </div>
      <h1 className="home__title">{area}</h1>
      {live.phase === 'loading' ? (
        <div className="home__loading">
          <div className="spinner" />
          {t('common.loading')}
        </div>
      ) : live.phase === 'error' ? (
        <p className="home__error">{t('common.loadFailed')}</p>
      ) : (
        <>
          <Glance items={live.items} now={now} nameOf={index.nameOf} filter={filter} onFilter={setFilter} />
          <div className="home__list-head">
            <h2>{q.trim() ? t('home.results', { count: rows.length }) : t('home.listTitle')}</h2>
            {filter && (
              <button type="button" className="btn btn--ghost" onClick={() => setFilter(null)}>
                {t('home.clearFilter')}
              </button>
            )}
          </div>
          {rows.length ? (
            <KelurahanList rows={rows} now={now} />
          ) : (
            <p className="home__empty">{t('home.noMatch')}</p>
          )}
        </>
      )}
    </div>
  );
}
