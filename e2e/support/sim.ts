/**
 * The simulator (sim/) for browser specs. It is a Node program typed against Node's fetch, while this
 * suite is typed with the DOM library (for page.evaluate); the two fetch typings disagree, so the
 * simulator is loaded at run time and only the slice of its API used here is declared.
 */
export interface SimRunOptions {
  apiUrl: string;
  token: string;
  seed: string;
  date: string;
  from: string;
  to: string;
  speed: number;
  offices: string[];
  adms?: 'auto' | 'on' | 'off';
  varDir?: string;
}

export interface SimRun {
  undelivered: number;
  stats: { channels: Record<'attendance' | 'queue' | 'presence', { accepted: number; rejected: number }> };
}

export async function runSimulation(o: SimRunOptions): Promise<SimRun> {
  const specifier = '@pkk/sim';
  const sim = (await import(/* @vite-ignore */ specifier)) as {
    runSimulation(o: SimRunOptions): Promise<SimRun>;
  };
  return sim.runSimulation(o);
}
