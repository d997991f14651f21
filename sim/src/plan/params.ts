/**
 * How the simulated offices behave. These are the simulator's own assumptions (not regional policy,
 * which lives in config/): chosen to look like a kelurahan office day and to exercise every detector,
 * and kept together here so that they are easy to find and tune.
 */
export const PARAMS = {
  attendance: {
    /** Chance an officer is away for the day with a filed leave or duty record. */
    leaveChance: 0.035,
    leaveKinds: [
      ['cuti_tahunan', 30],
      ['dinas_luar', 25],
      ['sakit', 18],
      ['izin', 15],
      ['cuti_sakit', 6],
      ['cuti_lain', 4],
    ] as const,
    /** Chance of staying away with no record at all (the case the detectors must catch). */
    absentChance: 0.012,
    /** Spread (sd, minutes) of arrival around one's usual time. */
    arrivalSdMin: 4,
    /** Mean lateness (minutes) when late; capped at `lateMaxMin`. */
    lateMeanMin: 20,
    lateMaxMin: 120,
    /** Departure after office end: half-normal spread, minutes. */
    departureSdMin: 12,
    earlyChance: 0.05,
    earlyMeanMin: 25,
    earlyMaxMin: 150,
    /** Pressing the same key twice: the terminal records two punches seconds apart. */
    doublePressChance: 0.05,
    /** Share of punches where the officer pressed the in/out key (the rest are "unknown"). */
    keyPressedChance: 0.5,
  },
  desk: {
    /** Minutes between arriving at the office and opening the desk. */
    openDelayMin: [3, 12] as const,
    /** Lunch: leaving around break start (sd minutes), coming back a little after break end. */
    breakOutSdMin: 3,
    breakBackMeanMin: 2,
    breakBackSdMin: 4,
    longBreakChance: 0.08,
    longBreakExtraMin: [10, 30] as const,
    /** The desk on lunch duty (piket) breaks this long, after the others are back. */
    piketBreakMin: 30,
    /** Minutes before leaving the office that the desk is closed. */
    closeBeforeLeaveMin: [2, 10] as const,
    /** Seconds from taking a ticket until a free desk can call it (walking in, sitting down). */
    readySec: 20,
    /** Seconds of paperwork between two citizens. */
    gapSec: [10, 40] as const,
  },
  citizens: {
    /** Citizens per office per ordinary day: drawn once per office from this range. */
    dailyMean: [20, 60] as const,
    /** Relative arrival rate by local hour: peaks mid-morning, lull at lunch. */
    hourWeights: {
      7: 0.5,
      8: 1.0,
      9: 1.6,
      10: 1.6,
      11: 1.1,
      12: 0.35,
      13: 0.9,
      14: 0.7,
      15: 0.45,
      16: 0.2,
    } as Record<number, number>,
    /** The kiosk stops issuing this many minutes before office end. */
    lastTicketBeforeEndMin: 30,
    /** Which services citizens come for; unlisted services weigh 5. */
    serviceWeights: {
      'pengantar-kependudukan': 30,
      domisili: 25,
      sktm: 12,
      'keterangan-usaha': 10,
      pengaduan: 8,
      'pengantar-nikah': 8,
      'pengantar-akta-kematian': 5,
    } as Record<string, number>,
    channels: [
      ['kiosk', 85],
      ['online', 10],
      ['whatsapp', 5],
    ] as const,
    priorityChance: 0.05,
    /** Service time = standardMinutes × lognormal(median, sigma), clipped to [1 min, 4 × standard]. */
    serviceMedianFactor: 0.5,
    serviceSigma: 0.5,
    noShowChance: 0.04,
    transferChance: 0.03,
    /** Minutes a citizen waits before giving up (lognormal median and sigma). */
    patienceMedianMin: 90,
    patienceSigma: 0.5,
  },
  presence: {
    /** Camera analytics reports each desk this often (simulated minutes). */
    everyMin: 2,
    /** From this long before office start to this long after office end. */
    marginMin: 30,
    /** Chance a reading is wrong; wrong readings come with low confidence. */
    errorChance: 0.03,
  },
  /**
   * Natural disruptions of an ordinary day, beside what scenarios inject: each is drawn from its own
   * random stream, so adding them changed nothing else of the day. Each kind has real cases and
   * near misses (just under a threshold), so that detectors are scored on both. A scenario's
   * `disruptionFactor` scales every chance.
   */
  disruptions: {
    /** Per desk and day: the officer walks away long enough to matter… */
    deskLongAwayChance: 0.06,
    deskLongAwayMin: [14, 45] as const,
    /** …or only briefly (under the 10-minute threshold). */
    deskShortAwayChance: 0.08,
    deskShortAwayMin: [3, 7] as const,
    /** Per device and day: a link outage (data kept and uploaded when back)… */
    deviceOutageChance: 0.04,
    deviceOutageMin: [5, 40] as const,
    /** …or a blip well under the two-minute debounce. */
    deviceBlipChance: 0.08,
    deviceBlipSec: [15, 35] as const,
    /** A simulated RTSP camera's streams down for a while, or for a blip (sim/src/cameras/outages.ts). */
    rtspCameraOutageChance: 0.03,
    rtspCameraOutageMin: [5, 30] as const,
    rtspCameraBlipChance: 0.05,
    rtspCameraBlipSec: [10, 40] as const,
    /** Per officer and day: in just inside the grace (07:30:xx), which is not late. */
    graceArrivalChance: 0.02,
    /** Per present officer and day: forgets to punch out. */
    forgetCheckoutChance: 0.01,
  },
} as const;
