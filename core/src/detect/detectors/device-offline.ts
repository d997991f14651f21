import { offlineLimitMs } from '../../live/status.ts';
import { MINUTE, makeDetection, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/**
 * A terminal, kiosk or presence feed silent past the debounce while the office works (from 30 minutes
 * before office start to office end): a short blip stays under the debounce and is not a finding; a
 * device never heard from is not installed yet, and says nothing.
 */
export const deviceOffline: Detector = {
  kind: 'device_offline',
  nature: 'condition',
  personal: false,
  detect({ facts, now, config }) {
    // Outside the working window a silent device says nothing new: what was open stays open.
    if (facts.start === null || now < facts.start - 30 * MINUTE || now >= facts.end!) return null;
    const limit = offlineLimitMs(config.thresholds, config.clockSpeed);
    const critical = config.detection.devices.criticalAfterMinutes * MINUTE * (config.clockSpeed ?? 1);
    return facts.devices.flatMap((d) => {
      if (d.lastSeenAt === null) return [];
      const silent = now - d.lastSeenAt;
      if (silent <= limit) return [];
      return [
        makeDetection(this, facts, {
          subject: { device: d.name },
          labels: { device_kind: d.kind },
          from: d.lastSeenAt,
          severity: silent >= critical ? 'critical' : 'warning',
          confidence: 1,
          evidence: {
            events: [{ kind: 'device', id: d.id, at: d.lastSeenAt }],
            metrics: {
              deviceId: d.id,
              deviceKind: d.kind,
              protocol: d.protocol,
              silentSeconds: Math.floor(silent / 1000),
              limitSeconds: limit / 1000,
            },
            signals: [
              signal('device', true, 'device.silent', {
                seconds: Math.floor(silent / 1000),
                limit: limit / 1000,
              }),
            ],
          },
        }),
      ];
    });
  },
};
