/** What other workspaces (bench, e2e) use of the simulator: bounded runs and the ground truth. */
export { runSimulation, type RunOptions } from './run/bounded.ts';
export { Simulator, type SimResult, type SimulatorConfig } from './run/simulator.ts';
export type { SimStats, ChannelStats } from './run/stats.ts';
export { readTruth, truthFile, type TruthEntry, type TruthType } from './truth.ts';
export { loadScenario, parseScenario, ScenarioError } from './scenario/load.ts';
export type { Scenario, Anomaly } from './scenario/schema.ts';
export { runQuality, type QualityOptions, type QualityResult } from './quality/run.ts';
export { SCORED_KINDS, type KindScore } from './quality/score.ts';
export { SimCameras, type SimCamerasOptions } from './cameras/sim-cameras.ts';
export { startCameraServer, type CameraServer, type CameraServerOptions } from './cameras/rtsp-server.ts';
export { grabRgba, probeStream, pull, rtspDescribe } from './cameras/probe.ts';
