-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "dispatchedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "RingRun" ADD COLUMN     "acceptedFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "bakePausedSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "aborted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "cause" "Cause",
ADD COLUMN     "rollbackStep" TEXT;

-- CreateIndex
CREATE INDEX "Event_dispatchedAt_seq_idx" ON "Event"("dispatchedAt", "seq");
