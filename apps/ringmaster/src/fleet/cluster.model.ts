import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ClusterStateEnum, type ClusterState } from '../graphql/domain-enums.graphql.js';
import { Label, LabelInput } from '../graphql/label.types.js';

/** A registered cluster. Its kubeconfig is never returned: only whether one is stored inline, or its path. */
@ObjectType()
export class Cluster {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() region: string;
  @Field(() => [Label], { description: 'selector labels, region included' }) labels: Label[];
  @Field({ description: 'true when the kubeconfig is stored inline (encrypted)' }) inlineKubeconfig: boolean;
  @Field(() => String, { nullable: true }) kubeconfigPath: string | null;
  @Field(() => String, { nullable: true }) context: string | null;
  @Field(() => String, { nullable: true }) prometheusUrl: string | null;
  @Field(() => ClusterStateEnum) state: ClusterState;
  @Field(() => Date, { nullable: true }) unreachableSince: Date | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => Date, { nullable: true }) lastDiscoveredAt: Date | null;
  @Field() createdAt: Date;
  @Field(() => Int, { description: 'environments discovered on it (gone ones excluded)' }) environmentCount?: number;
}

@InputType()
export class RegisterClusterInput {
  @Field() name: string;
  @Field() region: string;
  @Field(() => [LabelInput], { nullable: true }) labels?: LabelInput[] | null;
  @Field(() => String, { nullable: true, description: 'inline kubeconfig YAML (stored encrypted)' })
  kubeconfig?: string | null;
  @Field(() => String, { nullable: true, description: 'a kubeconfig path readable by the server' })
  kubeconfigPath?: string | null;
  @Field(() => String, { nullable: true }) context?: string | null;
  @Field(() => String, { nullable: true }) prometheusUrl?: string | null;
}

/** Changes to a cluster: unset fields stay as they are; a new kubeconfig or path replaces the other one. */
@InputType()
export class UpdateClusterInput {
  @Field() name: string;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => [LabelInput], { nullable: true, description: 'replaces every label but region' })
  labels?: LabelInput[] | null;
  @Field(() => String, { nullable: true }) kubeconfig?: string | null;
  @Field(() => String, { nullable: true }) kubeconfigPath?: string | null;
  @Field(() => String, { nullable: true }) context?: string | null;
  @Field(() => String, { nullable: true }) prometheusUrl?: string | null;
}
