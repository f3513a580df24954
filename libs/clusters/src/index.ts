export { encryptSecret, decryptSecret, SecretCipherError } from './connection/secret.cipher.js';
export { loadKubeconfig, KubeconfigError, type KubeconfigErrorCode } from './connection/kubeconfig.loader.js';
export type { ClusterCredentials, ClusterConnection } from './connection/cluster-credentials.js';
