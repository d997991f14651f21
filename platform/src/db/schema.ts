import type { ColumnType, Generated } from 'kysely';

/** Row types of the tables, as Kysely sees them (see migrations/ for the DDL). */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Id = ColumnType<number, never, never>;
/** int8 (bigint), parsed to a number by db/index.ts. */
type Int8 = number;
// bigint columns come back as strings from pg unless parsed; db/index.ts parses int8 to number.

export interface KecamatanTable {
  code: string;
  name: string;
  name_legacy: string;
}
export interface KelurahanTable {
  code: string;
  kecamatan_code: string;
  name: string;
  name_legacy: string;
}
export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  nip: string | null;
  active: Generated<boolean>;
  demo: Generated<boolean>;
  created_at: DefaultTimestamp;
}
export interface SessionsTable {
  token_hash: Buffer;
  user_id: number;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
}
export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  token_hash: Buffer;
  role: string;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  created_at: DefaultTimestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}
export interface DevicesTable {
  id: Generated<number>;
  kelurahan_code: string;
  kind: 'attendance' | 'queue' | 'presence';
  name: string;
  protocol: 'json' | 'adms';
  serial: string | null;
  key_hash: Buffer | null;
  tz_offset_minutes: Generated<number>;
  created_at: DefaultTimestamp;
  revoked_at: Timestamp | null;
  last_seen_at: Timestamp | null;
  /** CIDR networks the device may report from; empty: any. */
  allowed_networks: ColumnType<string[], string[] | undefined, string[]>;
  /** Digest of the `pushcommkey` an ADMS terminal sent at first contact; null until then or after a reset. */
  push_comm_key_hash: Buffer | null;
  push_comm_key_pinned_at: Timestamp | null;
  last_source_address: string | null;
  /** How far ahead the device clock runs (core/src/office/clock-offset.ts), and when that was seen. */
  clock_lead_seconds: number | null;
  clock_lead_at: Timestamp | null;
  /** When an operator accepted an ADMS terminal's first contact (null: its data is not stored yet). */
  confirmed_at: Timestamp | null;
  confirmed_by: string | null;
  /** The source address of the contact the operator accepted. */
  confirmed_address: string | null;
}
/** What an ADMS terminal not yet confirmed showed, per source address (see the 0301 migration). */
export interface DeviceContactsTable {
  device_id: number;
  source_address: string;
  push_comm_key_hash: Buffer | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  attempts: number;
}
export interface OfficersTable {
  nip: string;
  name: string;
  kelurahan_code: string;
  position: string;
  desk_code: string | null;
  pin: string;
  active: Generated<boolean>;
  updated_at: DefaultTimestamp;
}
/** An officer's place in the organisation over a period (see the 0601 migration); `valid_to` is exclusive. */
export interface OfficerAssignmentsTable {
  id: Generated<number>;
  nip: string;
  valid_from: ColumnType<string, string, string>;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  unit_kind: 'kelurahan' | 'kecamatan' | 'other';
  unit_code: string;
  jabatan: string;
  jenis_jabatan: 'jpt' | 'administrator' | 'pengawas' | 'pelaksana' | 'fungsional';
  kelas_jabatan: number;
  golongan: string;
  /** Whole rupiah (int8, read as a number: far below 2^53). */
  tpp_basic: number | null;
  atasan_nip: string | null;
  recorded_by: string;
  recorded_at: DefaultTimestamp;
}
/** R4.3: a case opened for the direct superior when a year's absences cross a PP 94/2021 rung. */
export interface HukdisCasesTable {
  id: Id;
  nip: string;
  year: number;
  kind: 'annual_absence' | 'consecutive_absence';
  days: number;
  level: 'ringan' | 'sedang' | 'berat';
  proposed_sanction: string;
  assigned_to: string | null;
  finding_ids: ColumnType<number[], number[], number[]>;
  state: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  opened_at: DefaultTimestamp;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  closed_by: string | null;
  outcome: 'sanctioned' | 'dismissed' | null;
  outcome_note: Generated<string>;
}
/** R4.1, R4.2: the sanctions register; rows are never edited (an annulment is a row of its own). */
export interface SanctionsTable {
  id: Id;
  nip: string;
  sk_number: string;
  kind: string;
  level: 'ringan' | 'sedang' | 'berat';
  start_date: ColumnType<string, string, string>;
  months: number | null;
  note: Generated<string>;
  case_id: number | null;
  recorded_by: string;
  recorded_at: DefaultTimestamp;
}
export interface SanctionAnnulmentsTable {
  sanction_id: number;
  sk_number: string;
  note: Generated<string>;
  recorded_by: string;
  recorded_at: DefaultTimestamp;
}
export interface LeaveRecordsTable {
  id: Generated<number>;
  nip: string;
  kind: string;
  start_date: ColumnType<string, string, string>;
  end_date: ColumnType<string, string, string>;
  note: Generated<string>;
  created_by: string;
  created_at: DefaultTimestamp;
}
export interface RawPayloadsTable {
  id: Generated<number>;
  received_at: Timestamp;
  device_id: number;
  channel: 'attendance' | 'queue' | 'presence' | 'adms';
  adms_table: string | null;
  query: string | null;
  content_type: string | null;
  body: Buffer;
  item_count: number;
  valid_count: number;
  rejects: ColumnType<unknown, string, string>;
  /** The address the request came from (req.ip). */
  source_address: string | null;
  flags: ColumnType<unknown, string | undefined, string>;
  /** Reject and flag details past the cap, counted instead of kept. */
  rejects_omitted: Generated<number>;
  flags_omitted: Generated<number>;
  /** Lines past the line cap: kept in the body, not read. */
  lines_unread: Generated<number>;
}
export interface AttendancePunchesTable {
  id: Id;
  device_id: number;
  kelurahan_code: string;
  person_ref: string;
  nip: string | null;
  punched_at: Timestamp;
  direction: string;
  verify: string;
  raw_payload_id: number;
  received_at: Timestamp;
  clock_skew_seconds: number | null;
  /**
   * The idempotency key's person, whatever spelling named them: `pin:<PIN>` (the PIN sent, or the one
   * the registry enrols the NIP sent under), or `nip:<NIP>` for a NIP the registry does not know.
   */
  officer_key: string;
}
export interface QueueEventsTable {
  id: Id;
  device_id: number;
  kelurahan_code: string;
  type: string;
  subject: string;
  ticket_id: string | null;
  ticket_number: string | null;
  service_code: string | null;
  desk_code: string | null;
  staff_nip: string | null;
  occurred_at: Timestamp;
  detail: ColumnType<unknown, string, string>;
  raw_payload_id: number;
  received_at: Timestamp;
  clock_skew_seconds: number | null;
}
export interface PresenceObservationsTable {
  id: Id;
  device_id: number;
  kelurahan_code: string;
  desk_code: string;
  present: boolean;
  confidence: number;
  source: string;
  camera: string | null;
  observed_at: Timestamp;
  raw_payload_id: number;
  received_at: Timestamp;
  clock_skew_seconds: number | null;
}
export interface DeviceCommandsTable {
  id: Generated<number>;
  device_id: number;
  command: string;
  status: Generated<'pending' | 'sent' | 'done' | 'failed'>;
  return_code: number | null;
  created_at: DefaultTimestamp;
  sent_at: Timestamp | null;
  done_at: Timestamp | null;
  /** Times the command was handed out. */
  attempts: Generated<number>;
}

export interface Database {
  kecamatan: KecamatanTable;
  kelurahan: KelurahanTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  devices: DevicesTable;
  device_contacts: DeviceContactsTable;
  officers: OfficersTable;
  officer_assignments: OfficerAssignmentsTable;
  hukdis_cases: HukdisCasesTable;
  sanctions: SanctionsTable;
  sanction_annulments: SanctionAnnulmentsTable;
  leave_records: LeaveRecordsTable;
  raw_payloads: RawPayloadsTable;
  attendance_punches: AttendancePunchesTable;
  queue_events: QueueEventsTable;
  presence_observations: PresenceObservationsTable;
  device_commands: DeviceCommandsTable;
  office_sequence: OfficeSequenceTable;
  ingest_outbox: IngestOutboxTable;
  job_effects: JobEffectsTable;
  office_intake: OfficeIntakeTable;
  findings: FindingsTable;
  finding_events: FindingEventsTable;
  silences: SilencesTable;
  alert_groups: AlertGroupsTable;
  notifications: NotificationsTable;
  push_subscriptions: PushSubscriptionsTable;
  cameras: CamerasTable;
  camera_status: CameraStatusTable;
  camera_snapshots: CameraSnapshotsTable;
  live_views: LiveViewsTable;
  snapshot_references: SnapshotReferencesTable;
  tpp_runs: TppRunsTable;
  tpp_periods: TppPeriodsTable;
  tpp_finding_versions: TppFindingVersionsTable;
  tpp_lines: TppLinesTable;
  tpp_line_items: TppLineItemsTable;
  tpp_corrections: TppCorrectionsTable;
  audit_head: AuditHeadTable;
  audit_log: AuditLogTable;
  audit_anchors: AuditAnchorsTable;
  kinerja_keys: KinerjaKeysTable;
  kinerja_blobs: KinerjaBlobsTable;
  kinerja_evidence: KinerjaEvidenceTable;
  kinerja_rhk: KinerjaRhkTable;
  kinerja_targets: KinerjaTargetsTable;
  kinerja_realisations: KinerjaRealisationsTable;
  kinerja_evidence_links: KinerjaEvidenceLinksTable;
  kinerja_decisions: KinerjaDecisionsTable;
  kinerja_ratings: KinerjaRatingsTable;
  kinerja_appeals: KinerjaAppealsTable;
  hr_signals: HrSignalsTable;
  hr_outbox: HrOutboxTable;
}

export interface OfficeSequenceTable {
  kelurahan_code: string;
  seq: Int8;
}

export interface IngestOutboxTable {
  id: Id;
  kelurahan_code: string;
  channel: string;
  raw_payload_id: Int8;
  seq: Int8;
  from_at: Date;
  to_at: Date;
  created_at: Generated<Date>;
}

export interface JobEffectsTable {
  key: string;
  applied_at: Generated<Date>;
}

export interface OfficeIntakeTable {
  kelurahan_code: string;
  last_seq: Int8;
  events: Int8;
  updated_at: Generated<Date>;
}

export interface FindingsTable {
  id: Id;
  kind: string;
  nature: 'condition' | 'occurrence';
  fingerprint: string;
  kelurahan_code: string;
  kecamatan_code: string;
  nip: string | null;
  date: ColumnType<string, string, string>;
  subject: ColumnType<unknown, string, string>;
  labels: ColumnType<unknown, string, string>;
  from_at: Timestamp;
  to_at: Timestamp | null;
  severity: 'info' | 'warning' | 'critical';
  confidence: number;
  state: 'open' | 'resolved';
  standing: 'pending' | 'contested' | 'standing' | 'overturned' | 'withdrawn' | null;
  evidence: ColumnType<unknown, string, string>;
  digest: string;
  opened_at: Timestamp;
  updated_at: Timestamp;
  resolved_at: Timestamp | null;
  acknowledged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  acknowledged_by: ColumnType<number | null, number | null | undefined, number | null>;
  escalation_level: ColumnType<number, number | undefined, number>;
  appeal_ends_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  contested_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface FindingEventsTable {
  id: Id;
  finding_id: number;
  at: Timestamp;
  action: string;
  actor_user_id: number | null;
  detail: ColumnType<unknown, string | undefined, string>;
}

export interface SilencesTable {
  id: Id;
  matchers: ColumnType<string[], string, string>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  comment: string;
  created_by: number | null;
  created_at: Timestamp;
  expired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  expired_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AlertGroupsTable {
  id: Id;
  route_id: string;
  receiver: string;
  group_key: string;
  group_labels: ColumnType<Record<string, string>, string, string>;
  created_at: Timestamp;
  last_notified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_digest: ColumnType<string | null, string | null | undefined, string | null>;
  last_firing: ColumnType<string[], string | undefined, string>;
}

export interface NotificationsTable {
  id: Id;
  group_id: number;
  /** A delivery channel of the workers' registry (workers/src/delivery/registry.ts: ChannelName). */
  channel: string;
  target: string;
  payload: ColumnType<unknown, string, string>;
  status: ColumnType<
    'pending' | 'sent' | 'dead' | 'gone',
    'pending' | undefined,
    'pending' | 'sent' | 'dead' | 'gone'
  >;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  http_status: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PushSubscriptionsTable {
  id: Id;
  user_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  /** The language its notifications are worded in. */
  locale: ColumnType<'id' | 'en', 'id' | 'en' | undefined, 'id' | 'en'>;
  created_at: Timestamp;
  last_success_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  expired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface CamerasTable {
  id: string;
  kelurahan_code: string;
  name: string;
  placement: 'desks' | 'hall' | 'entrance';
  pull_mode: 'always' | 'on_demand';
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  /** Sealed RTSP URLs (platform/src/media/camera-secrets.ts). */
  rtsp_main: Buffer;
  rtsp_sub: Buffer | null;
  zones: ColumnType<unknown, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CameraStatusTable {
  camera_id: string;
  state: 'online' | 'offline' | 'idle' | 'connecting';
  last_frame_at: Timestamp | null;
  since: Timestamp;
  bitrate_kbps: number | null;
  reconnects: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  node: string;
  updated_at: Timestamp;
}

export interface CameraSnapshotsTable {
  camera_id: string;
  taken_at: Timestamp;
  sha256: Buffer;
  path: string;
  bytes: number;
}

export interface LiveViewsTable {
  view_id: string;
  camera_id: string;
  user_id: Int8;
  stream: 'main' | 'sub';
  node: string;
  transport: 'webrtc' | 'fmp4' | 'hls' | null;
  client_ip: string | null;
  issued_at: Timestamp;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  last_seen_at: Timestamp | null;
  /** SHA-256 of the session cookie the view was handed out under (sessions.token_hash). */
  session_hash: Buffer | null;
}

/** What keeps a snapshot past its retention (migration snapshot-references): one holder per row. */
export interface SnapshotReferencesTable {
  camera_id: string;
  taken_at: Timestamp;
  finding_id: Int8 | null;
  created_at: DefaultTimestamp;
}

/** TPP (migration 1401-tpp): runs with their rules and inputs as canonical JSON text. */
export interface TppRunsTable {
  id: Id;
  month: string;
  created_at: Timestamp;
  created_by: string;
  rules: string;
  rules_hash: string;
  input: string;
  input_hash: string;
  run_hash: string;
  unplaced: ColumnType<string, string | undefined, string>;
  /** Officers left out of the run, each with the field and why: [{ nip, field, reason }]. */
  refused: ColumnType<{ nip: string; field: string; reason: string }[], string | undefined, string>;
  officers: number;
  locked: ColumnType<boolean, boolean | undefined, boolean>;
}
export interface TppPeriodsTable {
  month: string;
  state: ColumnType<'draft' | 'locked' | 'published', 'draft' | undefined, 'draft' | 'locked' | 'published'>;
  run_id: number | null;
  /** Findings still contested when the month was locked: settled into the next open month. */
  held_out: ColumnType<number[], string | undefined, string>;
  created_at: Timestamp;
  locked_at: Timestamp | null;
  locked_by: string | null;
  published_at: Timestamp | null;
  published_by: string | null;
}
/** A finding as a TPP deduction rests on it: its version (digest), evidence and the hashes behind it. */
export interface TppFindingVersionsTable {
  finding_id: number;
  digest: string;
  nip: string;
  kind: string;
  date: ColumnType<string, string, string>;
  kelurahan_code: string;
  evidence: ColumnType<unknown, string, string>;
  /** [{ id, sha256 }] of the raw device payloads its events came in. */
  raw_payloads: ColumnType<{ id: number; sha256: string }[], string, string>;
  snapshot_sha256: string | null;
  snapshot_url: string | null;
  recorded_at: Timestamp;
}
export interface TppLinesTable {
  run_id: number;
  nip: string;
  kelurahan_code: string | null;
  kecamatan_code: string | null;
  superiors: string[];
  /** The line's canonical JSON (RFC 8785): the bytes its hash is of. */
  line: string;
  line_hash: string;
  basic: Int8;
  paid: Int8;
  withheld: Int8;
  payable: Int8;
  /** The payment gate's reasons (R1.5) when the line is withheld. */
  reasons: ColumnType<string[], string[] | undefined, string[]>;
}
export interface TppLineItemsTable {
  run_id: number;
  nip: string;
  key: string;
  kind: string;
  rule: string;
  amount: Int8;
  finding_id: number | null;
  digest: string | null;
  ref: string | null;
}
export interface TppCorrectionsTable {
  id: Id;
  nip: string;
  corrects_month: string;
  posted_in: string;
  based_on_run: number;
  correction: string;
  correction_hash: string;
  recomputed_line: string;
  paid_delta: Int8;
  payable_delta: Int8;
  reason: string;
  created_at: Timestamp;
  created_by: string;
}

/** The audit chain's end (migration audit-log): one row, moved only by an audit_log insert. */
export interface AuditHeadTable {
  id: number;
  seq: Int8;
  hash: string;
}

/** The append-only, hash-chained audit trail (core/src/audit/chain.ts). */
export interface AuditLogTable {
  seq: Int8;
  at: Timestamp;
  actor: string;
  action: string;
  subject: string;
  refs: string[];
  /** Canonical JSON (RFC 8785) text, hashed as stored. */
  payload: string;
  prev_hash: string;
  hash: string;
}

/** A month's chain head, recorded once the month is closed. */
export interface AuditAnchorsTable {
  month: string;
  seq: Int8;
  hash: string;
  created_at: DefaultTimestamp;
}

/** Kinerja (migrations/2026-12-06-0801-kinerja.ts). */
type DateCol = ColumnType<string, string, string>;
export interface KinerjaKeysTable {
  id: Id;
  user_id: number;
  nip: string;
  public_key: string;
  valid_from: Timestamp;
  valid_to: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked: ColumnType<boolean, boolean | undefined, boolean>;
}
export interface KinerjaBlobsTable {
  sha256: string;
  mime: 'application/pdf' | 'image/jpeg' | 'image/png';
  size: Int8;
  stored_at: Timestamp;
}
export interface KinerjaEvidenceTable {
  id: Id;
  sha256: string;
  purpose: 'realisation' | 'appeal';
  filename: string;
  statement: string;
  signature: string;
  key_id: number;
  nip: string;
  uploaded_by: number;
  uploaded_at: Timestamp;
}
export interface KinerjaRhkTable {
  id: Id;
  nip: string;
  year: number;
  indicator: string;
  unit: string;
  annual_target: Int8;
  weight: number;
  parent_id: number | null;
  office_kpi: 'wait_sla' | 'desk_coverage' | 'attendance_rate' | 'ack_median' | null;
  created_by: number;
  created_at: Timestamp;
}
export interface KinerjaTargetsTable {
  id: Id;
  rhk_id: number;
  month: string;
  target: Int8;
  set_by: number;
  set_at: Timestamp;
}
export interface KinerjaRealisationsTable {
  id: Id;
  target_id: number;
  nip: string;
  month: string;
  activity_date: DateCol;
  realised: Int8;
  note: string;
  status: 'submitted' | 'validated' | 'verified' | 'rejected';
  submitted_by: number;
  submitted_at: Timestamp;
  due_at: Timestamp;
  late: boolean;
  late_finding_id: number | null;
  supersedes: number | null;
  superseded: ColumnType<boolean, boolean | undefined, boolean>;
}
export interface KinerjaEvidenceLinksTable {
  evidence_id: number;
  realisation_id: number | null;
  finding_id: number | null;
}
export interface KinerjaDecisionsTable {
  id: Id;
  realisation_id: number;
  layer: 'superior' | 'verifikator';
  outcome: 'validated' | 'rejected';
  reason: string;
  by_user: number;
  by_nip: string | null;
  at: Timestamp;
  in_time: boolean;
}
export interface KinerjaRatingsTable {
  id: Id;
  nip: string;
  month: string;
  hasil_kerja: 'di_atas' | 'sesuai' | 'di_bawah';
  perilaku: 'di_atas' | 'sesuai' | 'di_bawah';
  rated_by: number;
  rater_nip: string | null;
  at: Timestamp;
}
export interface KinerjaAppealsTable {
  finding_id: number;
  decider_kind: 'direct_superior' | 'superiors_superior' | 'verifikator';
  decider_nip: string | null;
  due_at: Timestamp;
  escalations: ColumnType<number, number | undefined, number>;
  opened_by: number | null;
  opened_at: Timestamp;
}

/** The HR discipline feed (migration hr-signals): seq is the change's audit seq, in commit order. */
export interface HrSignalsTable {
  seq: Int8;
  finding_id: Int8;
  nip: string;
  kelurahan_code: string;
  kecamatan_code: string;
  change: string;
  at: Timestamp;
  /** The signal as served (canonical JSON). */
  body: string;
}

/** Webhook deliveries to the HR system, written with the signal. */
export interface HrOutboxTable {
  id: Id;
  msg_id: string;
  endpoint: string;
  event_type: string;
  body: string;
  status: ColumnType<'pending' | 'sent' | 'dead', 'pending' | undefined, 'pending' | 'sent' | 'dead'>;
  attempts: ColumnType<number, number | undefined, number>;
  next_at: Timestamp;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  http_status: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
