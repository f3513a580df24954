export * from './notification.event.js';
export * from './webhook.payload.js';
export * from './slack.payload.js';
export * from './retry.policy.js';
export * from './url.guard.js';
export * from './notification.sender.js';
export * from './subscription.filter.js';
