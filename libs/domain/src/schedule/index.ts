export * from './freeze-window.model.js';
export * from './freeze-window.evaluator.js';
export * from './timezone.clock.js';
export * from './schedule.validator.js';
export * from './release.selector.js';
export * from './occurrence.decider.js';
