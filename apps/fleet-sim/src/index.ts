export { startFleetSim } from './fleet-sim.js';
export type { FleetCluster, FleetSim, FleetSimOptions } from './fleet-sim.js';
export { loadScenario, checkFault, ScenarioError } from './scenario/scenario.loader.js';
export type {
  CanaryStep,
  EnvironmentBatch,
  EnvironmentSpec,
  FaultEffect,
  FaultScope,
  FaultSpec,
  FleetScenario,
  ScenarioSettings,
} from './scenario/scenario.types.js';
export type { ImageChange, SimEnvironment } from './sim/environment.js';
export type { RequestCounts, Verb } from './sim/virtual.cluster.js';
export * from './sim/labels.js';
