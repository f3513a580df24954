-- CreateEnum
CREATE TYPE "ClusterState" AS ENUM ('ACTIVE', 'CORDONED', 'UNREACHABLE');

-- CreateEnum
CREATE TYPE "RingKind" AS ENUM ('INTERNAL', 'REGION', 'COHORT', 'ALL');

-- CreateEnum
CREATE TYPE "Gate" AS ENUM ('AUTO', 'MANUAL');

-- CreateEnum
CREATE TYPE "TrainStatus" AS ENUM ('SCHEDULED', 'RUNNING', 'AWAITING_APPROVAL', 'HALTED', 'ROLLING_BACK', 'ROLLED_BACK', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RingRunStatus" AS ENUM ('PENDING', 'DEPLOYING', 'BAKING', 'AWAITING_APPROVAL', 'PASSED', 'FAILED', 'ROLLING_BACK', 'ROLLED_BACK');

-- CreateEnum
CREATE TYPE "TargetStatus" AS ENUM ('PENDING', 'DEPLOYING', 'HEALTHY', 'FAILED', 'RETRYING', 'EXCLUDED', 'ROLLED_BACK', 'ROLLBACK_UNSAFE');

-- CreateEnum
CREATE TYPE "Cause" AS ENUM ('RELEASE', 'CUSTOMER_CODE', 'TRANSIENT', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "SubscriptionKind" AS ENUM ('SLACK', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'DELIVERED', 'DEAD');

-- CreateEnum
CREATE TYPE "MissedOccurrencePolicy" AS ENUM ('SKIP', 'CATCH_UP_ONCE');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VIEWER', 'RELEASE_MANAGER', 'ADMIN');

-- CreateTable
CREATE TABLE "Cluster" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "kubeconfigEncrypted" TEXT,
    "kubeconfigPath" TEXT,
    "context" TEXT,
    "prometheusUrl" TEXT,
    "state" "ClusterState" NOT NULL DEFAULT 'ACTIVE',
    "unreachableSince" TIMESTAMP(3),
    "lastError" TEXT,
    "watchResourceVersion" TEXT,
    "lastDiscoveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Environment" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "tenant" TEXT,
    "cohort" TEXT,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "customerRevision" TEXT,
    "customerRevisionChangedAt" TIMESTAMP(3),
    "goneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Environment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Component" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rolloutName" TEXT NOT NULL,
    "image" TEXT,
    "workloadRef" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Component_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerRevisionChange" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "revision" TEXT NOT NULL,
    "previous" TEXT,
    "observedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerRevisionChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiscoveryConflict" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DiscoveryConflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Release" (
    "id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "notes" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReleaseComponent" (
    "id" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "image" TEXT NOT NULL,

    CONSTRAINT "ReleaseComponent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RingPlan" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "autoRollback" BOOLEAN NOT NULL DEFAULT false,
    "queries" JSONB NOT NULL DEFAULT '{}',
    "freezeWindows" JSONB NOT NULL DEFAULT '[]',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RingPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ring" (
    "id" TEXT NOT NULL,
    "ringPlanId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "RingKind" NOT NULL,
    "selector" TEXT NOT NULL,
    "maxParallel" INTEGER NOT NULL,
    "bakeSeconds" INTEGER NOT NULL,
    "maxFailures" INTEGER,
    "maxFailurePercent" DOUBLE PRECISION,
    "gate" "Gate" NOT NULL,
    "analysis" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "Ring_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Train" (
    "id" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "ringPlanId" TEXT NOT NULL,
    "planSnapshot" JSONB NOT NULL,
    "status" "TrainStatus" NOT NULL DEFAULT 'SCHEDULED',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "autoRollback" BOOLEAN NOT NULL DEFAULT false,
    "currentRing" TEXT,
    "haltReason" TEXT,
    "startAt" TIMESTAMP(3),
    "createdBy" TEXT,
    "idempotencyKey" TEXT,
    "scheduleId" TEXT,
    "nextReconcileAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Train_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RingRun" (
    "id" TEXT NOT NULL,
    "trainId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "status" "RingRunStatus" NOT NULL DEFAULT 'PENDING',
    "startedAt" TIMESTAMP(3),
    "bakeStartedAt" TIMESTAMP(3),
    "bakeEndsAt" TIMESTAMP(3),
    "bakePausedMs" INTEGER NOT NULL DEFAULT 0,
    "approvedBy" TEXT,
    "approvedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RingRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL,
    "trainId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "ringPosition" INTEGER NOT NULL,
    "status" "TargetStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "previousImages" JSONB,
    "failureSignature" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "deployedAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attribution" (
    "id" TEXT NOT NULL,
    "trainId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "ring" TEXT NOT NULL,
    "cause" "Cause" NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "evidence" TEXT[],
    "signature" TEXT,
    "judgedCause" "Cause",
    "overriddenBy" TEXT,
    "overrideNote" TEXT,
    "overriddenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" BIGSERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "trainId" TEXT,
    "ring" TEXT,
    "environment" TEXT,
    "message" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "arguments" JSONB NOT NULL DEFAULT '{}',
    "outcome" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationSubscription" (
    "id" TEXT NOT NULL,
    "kind" "SubscriptionKind" NOT NULL,
    "url" TEXT NOT NULL,
    "secretEncrypted" TEXT,
    "events" TEXT[],
    "filter" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "eventSeq" BIGINT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "ringPlanId" TEXT NOT NULL,
    "releaseSelector" TEXT NOT NULL,
    "freezeWindows" JSONB NOT NULL DEFAULT '[]',
    "missedPolicy" "MissedOccurrencePolicy" NOT NULL DEFAULT 'SKIP',
    "autoRollback" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduleOccurrence" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "occurrenceAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "trainId" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduleOccurrence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "renewedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "Cluster_name_key" ON "Cluster"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Environment_name_key" ON "Environment"("name");

-- CreateIndex
CREATE INDEX "Environment_clusterId_idx" ON "Environment"("clusterId");

-- CreateIndex
CREATE INDEX "Environment_tenant_idx" ON "Environment"("tenant");

-- CreateIndex
CREATE INDEX "Environment_labels_idx" ON "Environment" USING GIN ("labels" jsonb_path_ops);

-- CreateIndex
CREATE UNIQUE INDEX "Component_environmentId_name_key" ON "Component"("environmentId", "name");

-- CreateIndex
CREATE INDEX "CustomerRevisionChange_environmentId_observedAt_idx" ON "CustomerRevisionChange"("environmentId", "observedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DiscoveryConflict_clusterId_environment_namespace_key" ON "DiscoveryConflict"("clusterId", "environment", "namespace");

-- CreateIndex
CREATE UNIQUE INDEX "Release_version_key" ON "Release"("version");

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseComponent_releaseId_name_key" ON "ReleaseComponent"("releaseId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "RingPlan_name_key" ON "RingPlan"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Ring_ringPlanId_position_key" ON "Ring"("ringPlanId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Ring_ringPlanId_name_key" ON "Ring"("ringPlanId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Train_idempotencyKey_key" ON "Train"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Train_status_nextReconcileAt_idx" ON "Train"("status", "nextReconcileAt");

-- CreateIndex
CREATE INDEX "Train_createdAt_idx" ON "Train"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RingRun_trainId_position_key" ON "RingRun"("trainId", "position");

-- CreateIndex
CREATE INDEX "Target_trainId_status_idx" ON "Target"("trainId", "status");

-- CreateIndex
CREATE INDEX "Target_trainId_ringPosition_status_idx" ON "Target"("trainId", "ringPosition", "status");

-- CreateIndex
CREATE INDEX "Target_environmentId_idx" ON "Target"("environmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Target_trainId_environmentId_key" ON "Target"("trainId", "environmentId");

-- CreateIndex
CREATE INDEX "Attribution_trainId_idx" ON "Attribution"("trainId");

-- CreateIndex
CREATE INDEX "Attribution_targetId_idx" ON "Attribution"("targetId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_id_key" ON "Event"("id");

-- CreateIndex
CREATE INDEX "Event_trainId_seq_idx" ON "Event"("trainId", "seq");

-- CreateIndex
CREATE INDEX "Event_occurredAt_idx" ON "Event"("occurredAt");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_actor_at_idx" ON "AuditEntry"("actor", "at");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_eventSeq_subscriptionId_key" ON "OutboxMessage"("eventSeq", "subscriptionId");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_name_key" ON "Schedule"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleOccurrence_scheduleId_occurrenceAt_key" ON "ScheduleOccurrence"("scheduleId", "occurrenceAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- AddForeignKey
ALTER TABLE "Environment" ADD CONSTRAINT "Environment_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Component" ADD CONSTRAINT "Component_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerRevisionChange" ADD CONSTRAINT "CustomerRevisionChange_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DiscoveryConflict" ADD CONSTRAINT "DiscoveryConflict_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseComponent" ADD CONSTRAINT "ReleaseComponent_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ring" ADD CONSTRAINT "Ring_ringPlanId_fkey" FOREIGN KEY ("ringPlanId") REFERENCES "RingPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Train" ADD CONSTRAINT "Train_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Train" ADD CONSTRAINT "Train_ringPlanId_fkey" FOREIGN KEY ("ringPlanId") REFERENCES "RingPlan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Train" ADD CONSTRAINT "Train_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RingRun" ADD CONSTRAINT "RingRun_trainId_fkey" FOREIGN KEY ("trainId") REFERENCES "Train"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_trainId_fkey" FOREIGN KEY ("trainId") REFERENCES "Train"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attribution" ADD CONSTRAINT "Attribution_trainId_fkey" FOREIGN KEY ("trainId") REFERENCES "Train"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attribution" ADD CONSTRAINT "Attribution_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_trainId_fkey" FOREIGN KEY ("trainId") REFERENCES "Train"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_eventSeq_fkey" FOREIGN KEY ("eventSeq") REFERENCES "Event"("seq") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "NotificationSubscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_ringPlanId_fkey" FOREIGN KEY ("ringPlanId") REFERENCES "RingPlan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleOccurrence" ADD CONSTRAINT "ScheduleOccurrence_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
