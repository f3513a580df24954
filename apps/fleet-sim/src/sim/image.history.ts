import type { StoreChange } from '../store/object.store.js';
import type { K8sObject, Loose } from '../store/k8s.types.js';
import { DEPLOYMENTS, ROLLOUTS } from '../store/resource.registry.js';
import type { ImageChange } from './environment.js';
import { LABEL_COMPONENT, LABEL_ENVIRONMENT } from './labels.js';

/** The image a release sets on a template: the container named like the component, else the first one. */
export function componentImage(template: Loose | undefined, component: string): string | undefined {
  const containers: { name: string; image: string }[] = template?.spec?.containers ?? [];
  return (containers.find((c) => c.name === component) ?? containers[0])?.image;
}

/** Records, per environment, every change of a component's image (from Rollout templates or workloadRef Deployments). */
export class ImageHistory {
  private readonly byEnv = new Map<string, ImageChange[]>();

  /** Store listener: call with every change of a cluster. */
  observe(ch: StoreChange, now: () => Date): void {
    if (ch.type !== ROLLOUTS && ch.type !== DEPLOYMENTS) return;
    if (ch.event === 'DELETED') return;
    const env = ch.object.metadata.labels?.[LABEL_ENVIRONMENT] ?? ch.object.metadata.namespace;
    if (!env) return;
    const component = ch.object.metadata.labels?.[LABEL_COMPONENT] ?? ch.object.metadata.name;
    const image = componentImage(ch.object.spec?.template, component);
    if (!image) return;
    const before = ch.previous ? componentImage((ch.previous as K8sObject).spec?.template, component) : undefined;
    if (before === image) return;
    const list = this.byEnv.get(env) ?? [];
    list.push({ at: now().toISOString(), component, image, source: ch.event === 'ADDED' ? 'create' : 'update' });
    this.byEnv.set(env, list);
  }

  /** Every image change of an environment, oldest first. */
  get(environment: string): ImageChange[] {
    return [...(this.byEnv.get(environment) ?? [])];
  }
}
