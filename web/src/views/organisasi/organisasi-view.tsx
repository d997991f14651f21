import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentView } from '@pkk/core';
import { ApiError } from '@/api/http.ts';
import {
  fileBase64,
  organisationApi,
  type AssignmentsReply,
  type ImportReply,
  type ImportRowProblem,
  type OfficerOrgReply,
} from '@/api/organisation.ts';
import { Main } from '@/components/layout/main-landmark.tsx';
import { useFormat } from '@/hooks/use-format.ts';
import { useMe } from '@/hooks/use-session.ts';
import { canWriteOrganisationUi } from '@/lib/scope.ts';
import './organisasi.css';

/**
 * Organisasi: who works where on a day, under whom, with kelas, golongan and the basic TPP (an amount
 * from the kelas marked as an assumption where tpp.yaml says TYPICAL); an officer's history; export
 * as CSV or XLSX; import (admins) with a preview and every row's error named.
 */
export function OrganisasiView() {
  const { t } = useTranslation();
  const me = useMe();
  const [date, setDate] = useState<string | null>(null);
  const [data, setData] = useState<AssignmentsReply | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await organisationApi.assignments(date));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [date]);
  useEffect(() => void load(), [load]);
  const shownDate = date ?? data?.date ?? '';

  return (
    <Main className="org" data-testid="organisasi">
      <h1 className="org__title">{t('org.title')}</h1>
      <p className="org__intro">{t('org.intro')}</p>
      <div className="org__bar">
        <label>
          {t('org.date')}{' '}
          <input
            type="date"
            value={shownDate}
            onChange={(e) => setDate(e.target.value || null)}
            data-testid="org-date"
          />
        </label>
        <a
          className="org__button"
          href={organisationApi.exportUrl('csv', shownDate || null, 'current')}
          data-testid="org-export-csv"
        >
          {t('org.exportCsv')}
        </a>
        <a
          className="org__button"
          href={organisationApi.exportUrl('xlsx', shownDate || null, 'current')}
          data-testid="org-export-xlsx"
        >
          {t('org.exportXlsx')}
        </a>
        <a className="org__button" href={organisationApi.exportUrl('xlsx', shownDate || null, 'all')}>
          {t('org.exportHistory')}
        </a>
      </div>
      {canWriteOrganisationUi(me) && <ImportPanel onImported={load} />}
      {failed && !data ? (
        <p className="org__note">{t('common.loadFailed')}</p>
      ) : !data ? (
        <p className="org__note">{t('common.loading')}</p>
      ) : data.items.length === 0 ? (
        <p className="org__note" data-testid="org-empty">
          {t('org.empty')}
        </p>
      ) : (
        <UnitTables
          items={data.items}
          open={open}
          onOpen={(nip) => setOpen(open === nip ? null : nip)}
          date={shownDate}
        />
      )}
    </Main>
  );
}

function UnitTables({
  items,
  open,
  onOpen,
  date,
}: {
  items: AssignmentView[];
  open: string | null;
  onOpen: (nip: string) => void;
  date: string;
}) {
  const { t } = useTranslation();
  const units = new Map<string, AssignmentView[]>();
  for (const a of items) {
    const key = `${a.unit.kind}|${a.unit.code}`;
    units.set(key, [...(units.get(key) ?? []), a]);
  }
  return (
    <>
      {[...units.values()].map((list) => (
        <section
          key={`${list[0]!.unit.kind}|${list[0]!.unit.code}`}
          className="org__unit"
          data-testid="org-unit"
        >
          <h2 className="org__unit-title">
            {list[0]!.unit.name}{' '}
            <span className="org__muted">
              ({t(`org.unitKind.${list[0]!.unit.kind}`)} {list[0]!.unit.code})
            </span>
          </h2>
          <div className="org__scroll">
            <table className="org__table">
              <thead>
                <tr>
                  <th>{t('org.col.name')}</th>
                  <th>{t('org.col.jabatan')}</th>
                  <th>{t('org.col.kelas')}</th>
                  <th>{t('org.col.golongan')}</th>
                  <th>{t('org.col.basic')}</th>
                  <th>{t('org.col.atasan')}</th>
                  <th>{t('org.col.since')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((a) => (
                  <OfficerRows key={a.id} a={a} expanded={open === a.nip} onOpen={onOpen} date={date} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

function Basic({ a }: { a: Pick<AssignmentView, 'basic'> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (a.basic.amount === null) return <>–</>;
  return (
    <>
      Rp{fmt.num(a.basic.amount)}
      {a.basic.status === 'TYPICAL' && (
        <span className="org__assumption" title={t('org.assumptionHint')}>
          {t('org.assumption')}
        </span>
      )}
    </>
  );
}

function OfficerRows({
  a,
  expanded,
  onOpen,
  date,
}: {
  a: AssignmentView;
  expanded: boolean;
  onOpen: (nip: string) => void;
  date: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <tr data-testid="org-row" data-nip={a.nip}>
        <td>
          <button type="button" className="org__link" aria-expanded={expanded} onClick={() => onOpen(a.nip)}>
            {a.name ?? a.nip}
          </button>
          <div className="org__muted">{a.nip}</div>
        </td>
        <td>
          {a.jabatan}
          <div className="org__muted">{t(`org.jenis.${a.jenisJabatan}`)}</div>
        </td>
        <td>{a.kelasJabatan}</td>
        <td>{a.golongan}</td>
        <td>
          <Basic a={a} />
        </td>
        <td>{a.atasan ? (a.atasan.name ?? a.atasan.nip) : '–'}</td>
        <td>{a.validFrom}</td>
      </tr>
      {expanded && (
        <tr>
          <td colSpan={7}>
            <History nip={a.nip} date={date} />
          </td>
        </tr>
      )}
    </>
  );
}

function History({ nip, date }: { nip: string; date: string }) {
  const { t } = useTranslation();
  const [h, setH] = useState<OfficerOrgReply | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    organisationApi.officer(nip, date || null).then(setH, () => setFailed(true));
  }, [nip, date]);
  if (failed) return <p className="org__note">{t('common.loadFailed')}</p>;
  if (!h) return <p className="org__note">{t('common.loading')}</p>;
  return (
    <div className="org__history" data-testid="org-history">
      <h3>{t('org.historyOf', { name: h.name })}</h3>
      <ol>
        {h.history.map((r) => (
          <li key={r.id}>
            <strong>
              {r.validFrom} – {r.validTo ? t('org.until', { date: r.validTo }) : t('org.now')}
            </strong>
            : {r.jabatan}, {r.unit.name}, {t('org.col.kelas')} {r.kelasJabatan}, {r.golongan}, <Basic a={r} />
            , {t('org.col.atasan')}: {r.atasan ? (r.atasan.name ?? r.atasan.nip) : '–'}{' '}
            <span className="org__muted">({t('org.recordedBy', { by: r.recordedBy })})</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function ImportPanel({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportReply | null>(null);
  const [problems, setProblems] = useState<ImportRowProblem[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    setProblems(null);
    setMessage(null);
    try {
      const format = /\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv';
      const reply = await organisationApi.importFile(format, await fileBase64(file), dryRun);
      setResult(reply);
      if (!dryRun) onImported();
    } catch (err) {
      const details =
        err instanceof ApiError && Array.isArray(err.details) ? (err.details as ImportRowProblem[]) : [];
      if (details.length && details.every((d) => typeof d.row === 'number')) setProblems(details);
      else setMessage(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="org__import" data-testid="org-import">
      <h2 className="org__unit-title">{t('org.import.title')}</h2>
      <p className="org__muted">{t('org.import.hint')}</p>
      <input
        type="file"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        data-testid="org-import-file"
      />
      <button
        type="button"
        className="org__button"
        disabled={!file || busy}
        onClick={() => void run(true)}
        data-testid="org-import-preview"
      >
        {t('org.import.preview')}
      </button>
      <button
        type="button"
        className="org__button org__button--primary"
        disabled={!file || busy}
        onClick={() => void run(false)}
        data-testid="org-import-apply"
      >
        {t('org.import.apply')}
      </button>
      {message && <p className="org__error">{message}</p>}
      {problems && (
        <div data-testid="org-import-errors">
          <p className="org__error">{t('org.import.failed', { count: problems.length })}</p>
          <table className="org__table">
            <thead>
              <tr>
                <th>{t('org.import.row')}</th>
                <th>{t('org.import.column')}</th>
                <th>{t('org.import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p, i) => (
                <tr key={i}>
                  <td>{p.row}</td>
                  <td>{p.column}</td>
                  <td>{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && (
        <div data-testid="org-import-result">
          <p>
            {result.dryRun
              ? t('org.import.previewed', {
                  create: result.rows.filter((r) => r.action === 'create').length,
                  unchanged: result.rows.filter((r) => r.action === 'unchanged').length,
                })
              : t('org.import.applied', {
                  create: result.rows.filter((r) => r.action === 'create').length,
                  unchanged: result.rows.filter((r) => r.action === 'unchanged').length,
                })}
          </p>
          <table className="org__table">
            <thead>
              <tr>
                <th>{t('org.import.row')}</th>
                <th>NIP</th>
                <th>{t('org.col.since')}</th>
                <th>{t('org.import.action')}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.row}>
                  <td>{r.row}</td>
                  <td>{r.nip}</td>
                  <td>{r.validFrom}</td>
                  <td>{t(`org.import.${r.action}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
