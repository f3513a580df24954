export { TrainStore, type LoadedTrain, type SaveOutcome, type CreateTrainRecord } from './train.store.js';
export { LeaseStore } from './lease.store.js';
