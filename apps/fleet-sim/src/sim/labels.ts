/** Label and annotation keys fleet-sim writes (the Ringmaster cluster conventions in API.md, and Argo's own). */
export const LABEL_ENVIRONMENT = 'ringmaster.io/environment';
export const LABEL_TENANT = 'ringmaster.io/tenant';
export const LABEL_COMPONENT = 'ringmaster.io/component';
export const LABEL_COHORT = 'ringmaster.io/cohort';
export const LABEL_PREFIX = 'ringmaster.io/';
export const ANNOTATION_CUSTOMER_REVISION = 'ringmaster.io/customer-revision';

/** Argo Rollouts' keys. */
export const LABEL_POD_TEMPLATE_HASH = 'rollouts-pod-template-hash';
export const ANNOTATION_REVISION = 'rollout.argoproj.io/revision';
export const ANNOTATION_DESIRED_REPLICAS = 'rollout.argoproj.io/desired-replicas';

/** The pod label that tells stable from canary in metrics (set through stableMetadata / canaryMetadata). */
export const LABEL_ROLE = 'role';
