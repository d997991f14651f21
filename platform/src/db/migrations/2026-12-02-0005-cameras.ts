import { sql, type Kysely } from 'kysely';

/**
 * Cameras and what the media role records of them:
 * - cameras: per kelurahan, with their RTSP URLs sealed (AES-256-GCM, platform/src/media/camera-secrets.ts)
 *   because the URLs carry the camera's credentials, and the desk zones drawn on the image;
 * - camera_status: the media node's view of each pull (online, offline, idle), one row per camera;
 * - camera_snapshots: JPEGs taken every few seconds, by file path and SHA-256 (evidence of findings);
 * - live_views: the audit of who watched which camera from when to when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table cameras (
      id uuid primary key,
      kelurahan_code text not null references kelurahan(code),
      name text not null,
      placement text not null check (placement in ('desks', 'hall', 'entrance')),
      pull_mode text not null check (pull_mode in ('always', 'on_demand')),
      enabled boolean not null default true,
      rtsp_main bytea not null,
      rtsp_sub bytea,
      zones jsonb not null default '[]',
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index cameras_kelurahan on cameras (kelurahan_code);

    create table camera_status (
      camera_id uuid primary key references cameras(id) on delete cascade,
      state text not null check (state in ('online', 'offline', 'idle', 'connecting')),
      last_frame_at timestamptz,
      since timestamptz not null,
      bitrate_kbps double precision,
      reconnects integer not null default 0,
      last_error text,
      node text not null,
      updated_at timestamptz not null
    );

    create table camera_snapshots (
      camera_id uuid not null references cameras(id) on delete cascade,
      taken_at timestamptz not null,
      sha256 bytea not null,
      path text not null,
      bytes integer not null,
      primary key (camera_id, taken_at)
    );

    create table live_views (
      view_id uuid primary key,
      camera_id uuid not null references cameras(id) on delete cascade,
      user_id bigint not null references users(id),
      stream text not null check (stream in ('main', 'sub')),
      node text not null,
      transport text check (transport in ('webrtc', 'fmp4', 'hls')),
      client_ip text,
      issued_at timestamptz not null,
      started_at timestamptz,
      ended_at timestamptz,
      last_seen_at timestamptz
    );
    create index live_views_camera on live_views (camera_id, issued_at desc);
    create index live_views_user on live_views (user_id, issued_at desc);
    create index live_views_issued on live_views (issued_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table live_views, camera_snapshots, camera_status, cameras`.execute(db);
}
