import type { FindingKind, FindingSignal } from '../../schemas/findings.ts';
import type { SignalCode } from '../signal-text.ts';

type SignalGroup = SignalCode extends `${infer G}.${string}` ? G : never;
/** `queue.waiting` is `signalText.queue.waiting`: every code the detectors write has its words. */
type SignalTextTree = {
  [G in SignalGroup]: { [C in SignalCode as C extends `${G}.${infer K}` ? K : never]: string };
};

/** The words of findings in one language (./id.ts is the reference). */
export interface FindingTexts {
  kind: Record<FindingKind, string>;
  subject: Record<'officer' | 'desk' | 'device' | 'ticket' | 'hour' | 'camera', string>;
  signal: Record<FindingSignal['name'], string>;
  signalText: SignalTextTree;
  summary: Record<FindingKind, string>;
  /** Pieces of push titles and webhook annotations. */
  notify: Record<'kelurahan' | 'more' | 'resolved' | 'link', string>;
}
