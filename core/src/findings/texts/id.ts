import type { FindingTexts } from './shape.ts';

/**
 * How findings are worded in Bahasa Indonesia: the inbox, the appeal screen, push notifications and
 * webhook annotations all read these (the web app mounts them under `finding.` in its locale).
 */
export const id: FindingTexts = {
  kind: {
    desk_unattended: 'Loket ditinggalkan',
    late_arrival: 'Terlambat masuk',
    early_departure: 'Pulang sebelum waktunya',
    missing_checkout: 'Tidak absen pulang',
    absent_no_notice: 'Tanpa keterangan',
    queue_wait_sla: 'Antrean melewati target',
    service_time_sla: 'Layanan melewati standar',
    sla_rate: 'Capaian layanan per jam rendah',
    device_offline: 'Perangkat tidak terhubung',
    camera_offline: 'Kamera tidak terhubung',
    evidence_late: 'Bukti kinerja terlambat',
    desk_occupied_no_checkin: 'Loket terisi, petugas belum absen masuk',
  },
  subject: {
    officer: 'NIP {{nip}}',
    desk: '{{desk}}',
    device: 'perangkat {{device}}',
    ticket: 'tiket {{ticket}}',
    hour: 'jam {{hour}}.00',
    camera: 'kamera {{camera}}',
  },
  signal: {
    queue: 'Antrean',
    attendance: 'Presensi',
    camera: 'Kamera',
    device: 'Perangkat',
    leave: 'Cuti/dinas',
    calendar: 'Kalender',
    device_clock: 'Jam mesin',
  },
  signalText: {
    attendance: {
      noPunchAllDay: 'tidak ada presensi sepanjang hari',
      noCheckIn: 'tidak presensi masuk: satu-satunya presensi tercatat sebagai pulang',
      firstPunchLate: 'presensi pertama {{minutes}} mnt setelah jam masuk',
      lastPunchEarly: 'presensi terakhir {{minutes}} mnt sebelum jam pulang',
      noCheckout: '{{punches}} presensi, tidak ada yang pulang',
      officerOut: 'petugas loket belum presensi masuk',
      officerIn: 'petugas loket sudah presensi masuk',
    },
    leave: {
      notExcusing: 'cuti/dinas "{{leave}}" tidak membebaskan hari ini',
      none: 'tidak ada catatan cuti atau dinas',
    },
    device: {
      terminalsReporting: '{{count}} mesin presensi melapor',
      silent: 'diam {{seconds}} dtk, batas {{limit}} dtk',
    },
    deviceClock: {
      ahead: 'jam mesin {{seconds}} dtk lebih cepat; presensi dibaca sekian lebih awal',
    },
    queue: {
      nothingCalled: 'tidak ada panggilan selama {{minutes}} mnt, {{waiting}} menunggu',
      waiting: 'menunggu {{minutes}} mnt, target {{target}} mnt',
      inService: 'dilayani {{minutes}} mnt, standar {{standard}} mnt',
      calledWithin: '{{within}} dari {{total}} dipanggil dalam {{target}} mnt',
    },
    camera: {
      readingsEmpty: '{{empty}} dari {{total}} pembacaan terakhir tidak melihat orang',
      readingsOccupied: 'ada orang di loket menurut kamera selama {{minutes}} mnt ({{total}} pembacaan)',
      noReading: 'tidak ada pembacaan kamera terbaru',
      noFrame: 'tidak ada gambar selama {{seconds}} dtk, batas {{limit}} dtk',
      noFrameError: 'tidak ada gambar selama {{seconds}} dtk ({{error}}), batas {{limit}} dtk',
    },
  },
  summary: {
    late_arrival: 'Masuk {{time}}, terlambat {{minutes}} mnt ({{tier}})',
    early_departure: 'Pulang {{time}}, {{minutes}} mnt sebelum jam pulang ({{tier}})',
    missing_checkout: 'Absen masuk tanpa absen pulang',
    absent_no_notice: 'Tidak ada absen dan tidak ada cuti atau dinas',
    desk_unattended: 'Tidak ada panggilan {{minutes}} mnt, {{waiting}} warga menunggu',
    queue_wait_sla: 'Warga menunggu {{minutes}} mnt (target {{target}})',
    service_time_sla: 'Dilayani {{minutes}} mnt (standar {{standard}} mnt)',
    sla_rate: '{{within}} dari {{total}} warga dipanggil tepat waktu',
    device_offline: 'Tidak terdengar {{minutes}} mnt',
    camera_offline: 'Tanpa gambar {{minutes}} mnt',
    evidence_late: 'Bukti kegiatan {{activity}} diunggah {{days}} hari kerja setelah batas',
    desk_occupied_no_checkin: 'Ada orang di loket {{minutes}} mnt, petugas {{officer}} belum absen',
  },
  notify: {
    kelurahan: 'Kel. {{name}}',
    more: '{{count}} temuan',
    resolved: 'Selesai: {{what}}',
    link: 'Buka temuan: {{url}}',
  },
};
