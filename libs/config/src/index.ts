export { loadConfig, ConfigError, type RingmasterConfig, type DatabaseConfig } from './config.js';
