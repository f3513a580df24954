export * from './attribution.model.js';
export * from './attribution.judge.js';
export * from './attribution.override.js';
export * from './failure-signature.classifier.js';
export * from './fleet-spread.calculator.js';
