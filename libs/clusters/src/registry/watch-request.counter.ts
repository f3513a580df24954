import type { KubeConfig } from '@kubernetes/client-node';

/**
 * `kubeConfig` as a watcher's client-node `Watch` should see it: the same cluster and credentials, and `onWatch` is
 * called each time a watch request is authenticated, which `Watch` does once per request, just before sending it.
 * Watches do not go through KubeClient (client-node streams them itself), so this is where they can be counted.
 */
export function countingWatchRequests(kubeConfig: KubeConfig, onWatch: () => void): KubeConfig {
  const view = Object.create(kubeConfig) as KubeConfig;
  view.applySecurityAuthentication = (context) => {
    onWatch();
    return kubeConfig.applySecurityAuthentication(context);
  };
  return view;
}
