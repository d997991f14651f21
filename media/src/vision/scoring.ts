/**
 * Scoring a person detector against hand counts per frame: each frame's detections up to its count
 * are people found, the rest false detections. Recall = found / people; false per frame = false /
 * frames. (Counts, not boxes: what was hand-checked is how many people a frame shows.)
 */
export interface CountScore {
  frames: number;
  people: number;
  found: number;
  falseDetections: number;
  recall: number;
  falsePerFrame: number;
}

export function scoreCounts(rows: readonly { people: number; detected: number }[]): CountScore {
  let people = 0;
  let found = 0;
  let falseDetections = 0;
  for (const r of rows) {
    people += r.people;
    found += Math.min(r.people, r.detected);
    falseDetections += Math.max(0, r.detected - r.people);
  }
  return {
    frames: rows.length,
    people,
    found,
    falseDetections,
    recall: people ? found / people : 1,
    falsePerFrame: rows.length ? falseDetections / rows.length : 0,
  };
}
