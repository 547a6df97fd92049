export * from './explore-model.js';
export { enumerateFaults, faultId, seededOrder, FULL_SCOPE, type ExploreScope } from './enumerate-faults.js';
export { runExploration, type ExploreOptions } from './run-exploration.js';
export { steadyStateFor } from './check-explore.js';
export { renderMap } from './render-map.js';
export { renderExploreHtml } from './explore-html.js';
export { replayScenario, replayFileName } from './replay-scenario.js';
export { exploreOutcome } from './explore-outcome.js';
export { judgeRow, worse, type RowInput } from './judge-row.js';
