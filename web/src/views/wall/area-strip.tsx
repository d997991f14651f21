import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { KelurahanSummary, OfficeStatus } from '@pkk/core';
import { StatusIcon } from '@/components/status/status-icon.tsx';
import type { RegistryIndex } from '@/hooks/use-registry.ts';
import { useFormat } from '@/hooks/use-format.ts';
import { statusRank } from '@/lib/status.ts';

interface Props {
  items: ReadonlyMap<string, KelurahanSummary>;
  index: RegistryIndex;
  /** Cards per kecamatan (the city) or per kelurahan (one kecamatan). */
  by: 'kecamatan' | 'kelurahan';
}

const worst = (list: KelurahanSummary[]): OfficeStatus =>
  list.reduce<OfficeStatus>((w, s) => (statusRank(s.status) < statusRank(w) ? s.status : w), 'closed');

/** A strip of cards along the bottom of the wall: one per kecamatan, or one per kelurahan for a camat. */
export function AreaStrip({ items, index, by }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  if (by === 'kelurahan') {
    const list = [...items.values()].sort((a, b) =>
      index.nameOf(a.code).localeCompare(index.nameOf(b.code), 'id'),
    );
    return (
      <section className="strip strip--kelurahan" aria-label={t('wall.strip')} data-testid="area-strip">
        {list.map((s) => (
          <div
            key={s.code}
            className={`strip-card strip-card--${s.status}`}
            data-code={s.code}
            data-status={s.status}
          >
            <div className="strip-card__name">
              <StatusIcon status={s.status} />
              <span>{index.nameOf(s.code)}</span>
            </div>
            <div className="strip-card__meta">
              <span>{t(`status.${s.status}`)}</span>
              <span className="num">{t('strip.waiting', { n: f.num(s.waiting) })}</span>
            </div>
          </div>
        ))}
      </section>
    );
  }
  const groups = new Map<string, KelurahanSummary[]>();
  for (const s of items.values()) groups.set(s.kecamatanCode, [...(groups.get(s.kecamatanCode) ?? []), s]);
  const kecamatan = index.registry.kecamatan.filter((k) => groups.has(k.code));
  return (
    <section className="strip" aria-label={t('wall.strip')} data-testid="area-strip">
      {kecamatan.map((k) => (
        <KecamatanCard
          key={k.code}
          code={k.code}
          name={k.name}
          list={(groups.get(k.code) ?? []).sort((a, b) => a.code.localeCompare(b.code))}
          nameOf={index.nameOf}
        />
      ))}
    </section>
  );
}

interface CardProps {
  code: string;
  name: string;
  list: KelurahanSummary[];
  nameOf: (code: string) => string;
}

/** One kecamatan; re-renders only when one of its offices changed (summaries are replaced, never mutated). */
const KecamatanCard = memo(
  function KecamatanCard({ code, name, list, nameOf }: CardProps) {
    const { t } = useTranslation();
    const f = useFormat();
    const w = worst(list);
    const waiting = list.reduce((n, s) => n + s.waiting, 0);
    return (
      <div className={`strip-card strip-card--${w}`} data-code={code} data-status={w}>
        <div className="strip-card__name">
          <StatusIcon status={w} />
          <span>{name}</span>
        </div>
        <div className="strip-card__meta">
          <span className="strip-card__cells" aria-hidden="true">
            {list.map((s) => (
              <i key={s.code} className={`cell cell--${s.status}`} title={nameOf(s.code)} />
            ))}
          </span>
          <span className="num">{t('strip.waiting', { n: f.num(waiting) })}</span>
        </div>
      </div>
    );
  },
  (a, b) =>
    a.code === b.code &&
    a.name === b.name &&
    a.nameOf === b.nameOf &&
    a.list.length === b.list.length &&
    a.list.every((s, i) => s === b.list[i]),
);
