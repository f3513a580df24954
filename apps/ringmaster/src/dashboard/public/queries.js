// The GraphQL documents of the page, by API.md's names.

/** Who the pasted token belongs to: the page offers the release manager's buttons only to roles that may use them. */
export const ME = `query Me { me { role actor tokenName tokenId } }`;

const COUNTS = 'targetCounts { total pending deploying healthy failed excluded rolledBack }';

const TRAIN_SUMMARY = `id status currentRing haltReason paused createdAt releaseVersion ringPlanName`;

/** Newest trains first. */
export const TRAINS = `query Trains($first: Int) {
  trains(first: $first) { totalCount edges { node { ${TRAIN_SUMMARY} } } }
}`;

/** Everything the page shows of one train. */
export const TRAIN = `query Train($id: ID!, $problems: Int) {
  train(id: $id) {
    ${TRAIN_SUMMARY} autoRollback startedAt finishedAt
    release { version notes }
    rings { name status startedAt bakeEndsAt approvedBy ${COUNTS} }
    attributions { id environment ring cause confidence evidence signature overriddenBy createdAt }
    problems: targets(filter: { status: [FAILED, RETRYING, ROLLBACK_UNSAFE, EXCLUDED] }, first: $problems) {
      totalCount edges { node { environment cluster tenant ring status message attempts } }
    }
  }
}`;

const EVENT = 'id type message occurredAt ring environment';

/** A train's events after `after` (oldest first). */
export const TRAIN_EVENTS_PAGE = `query TrainEventsPage($id: ID!, $after: String, $first: Int) {
  train(id: $id) { events(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${EVENT} } } } }
}`;

/** Every event of a train as it happens. */
export const TRAIN_EVENTS = `subscription TrainEvents($trainId: ID!) {
  trainEvents(trainId: $trainId) { ${EVENT} }
}`;

export const START = `mutation Start($id: ID!) { startTrain(id: $id) { id status } }`;
export const APPROVE = `mutation Approve($id: ID!, $ring: String!) { approveRing(trainId: $id, ring: $ring) { id status } }`;
export const HALT = `mutation Halt($id: ID!, $reason: String!) { haltTrain(id: $id, reason: $reason) { id status } }`;
export const RESUME = `mutation Resume($id: ID!) { resumeTrain(id: $id) { id status } }`;
export const ROLLBACK = `mutation Rollback($id: ID!, $reason: String!) {
  rollbackTrain(id: $id, reason: $reason) { id status }
}`;
