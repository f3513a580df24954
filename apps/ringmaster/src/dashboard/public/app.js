/* global document, window, URLSearchParams, CSS */
// The dashboard's wiring: token, which train is open, loading, live updates and the release manager's actions.
import { ApiError, graphql, resetLiveConnection, subscribeTrainEvents, token } from './api.js';
import { fill, h } from './dom.js';
import { labelOf } from './format.js';
import * as Q from './queries.js';
import { trainDetail, trainList } from './render.js';

const LIST_SIZE = 30;
const PROBLEMS_SHOWN = 25;
const EVENTS_KEPT = 50;
const EVENTS_PAGE = 200;
/** On opening a train with a long history, read at most this many pages to reach its latest events. */
const EVENTS_PAGES_PER_LOAD = 10;
/**
 * Events say when a train changes state, but targets move between events: while the open train deploys or rolls
 * back its counts are re-read every few seconds; at rest, a slow poll only catches what a reconnect may have missed.
 * Without the subscription, everything is polled.
 */
const POLL_MOVING_MS = 3_000;
const POLL_RESTING_MS = 15_000;
const POLL_FALLBACK_MS = 2_000;
const MOVING = ['RUNNING', 'ROLLING_BACK'];
const REFRESH_DEBOUNCE_MS = 150;

const $ = (id) => document.getElementById(id);
const view = {
  list: $('train-list'),
  listNote: $('list-note'),
  detail: $('train-detail'),
  live: $('live-state'),
  toast: $('toast'),
  tokenForm: $('token-form'),
  tokenInput: $('token-input'),
  tokenRemember: $('token-remember'),
  tokenSet: $('token-set'),
  caller: $('caller'),
  dialog: $('confirm-dialog'),
};

const state = {
  openId: new URLSearchParams(window.location.search).get('train'),
  /** `me` for the token in `callerToken`; until it is known the page offers no action */
  caller: undefined,
  callerToken: undefined,
  trains: [],
  train: undefined,
  /** the latest events, oldest first, and the position read up to over HTTP */
  events: [],
  eventsCursor: undefined,
  live: 'off',
  unsubscribe: undefined,
};

// ---- token -------------------------------------------------------------------------------------------------------

function showToken() {
  const has = Boolean(token.get());
  view.tokenForm.hidden = has;
  view.tokenSet.hidden = !has;
}

view.tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = view.tokenInput.value.trim();
  if (!value) return;
  token.set(value, view.tokenRemember.checked);
  view.tokenInput.value = '';
  showToken();
  restartLive();
  refresh();
});

$('token-forget').addEventListener('click', () => {
  token.clear();
  forgetCaller();
  stopLive();
  state.trains = [];
  state.train = undefined;
  showToken();
  render();
});

function forgetCaller() {
  state.caller = undefined;
  state.callerToken = undefined;
}

// ---- loading -----------------------------------------------------------------------------------------------------

let refreshTimer;
/** Reloads the list and the open train soon; many events in a burst make one reload. */
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, REFRESH_DEBOUNCE_MS);
}

async function refresh() {
  if (!token.get()) return render();
  try {
    await Promise.all([loadCaller(), loadList(), loadTrain(), loadEvents()]);
  } catch (error) {
    report(error);
  }
  render();
}

/** Reads `me` once per token: after one is pasted, and when it changed since (another tab may store a new one). */
async function loadCaller() {
  const current = token.get();
  if (state.caller && state.callerToken === current) return;
  forgetCaller();
  const data = await graphql(Q.ME);
  if (token.get() !== current) return;
  state.caller = data.me;
  state.callerToken = current;
}

async function loadList() {
  const data = await graphql(Q.TRAINS, { first: LIST_SIZE });
  state.trains = data.trains.edges.map((edge) => edge.node);
  view.listNote.textContent =
    data.trains.totalCount > LIST_SIZE ? `newest ${LIST_SIZE} of ${data.trains.totalCount}` : '';
  if (!state.openId && state.trains.length) open(state.trains[0].id, { push: false });
}

async function loadTrain() {
  if (!state.openId) return;
  const id = state.openId;
  try {
    const data = await graphql(Q.TRAIN, { id, problems: PROBLEMS_SHOWN });
    if (id === state.openId) state.train = data.train;
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'NOT_FOUND')) throw error;
    if (id === state.openId) state.train = null;
  }
}

/** Reads the open train's events after the last one read (the subscription only says when to). */
async function loadEvents() {
  const id = state.openId;
  if (!id || state.train === null) return;
  let after = state.eventsCursor;
  for (let page = 0; page < EVENTS_PAGES_PER_LOAD; page++) {
    const data = await graphql(Q.TRAIN_EVENTS_PAGE, { id, after, first: EVENTS_PAGE });
    if (id !== state.openId) return;
    const { edges, pageInfo } = data.train.events;
    addEvents(edges.map((edge) => edge.node));
    after = pageInfo.endCursor ?? after;
    state.eventsCursor = after;
    if (!pageInfo.hasNextPage) return;
  }
}

function addEvents(events) {
  const known = new Set(state.events.map((event) => event.id));
  const added = events.filter((event) => !known.has(event.id));
  if (added.length) state.events = [...state.events, ...added].slice(-EVENTS_KEPT);
}

// ---- live updates ------------------------------------------------------------------------------------------------

function setLive(next, why) {
  const reconnected = next === 'live' && state.live === 'reconnecting';
  state.live = next;
  view.live.dataset.state = next;
  view.live.textContent =
    { live: 'live', reconnecting: 'reconnecting…', unavailable: 'polling', off: 'offline' }[next] ?? next;
  view.live.title = why ?? '';
  if (reconnected) refresh();
  schedulePoll();
}

function subscribe(trainId) {
  state.unsubscribe?.();
  state.unsubscribe = subscribeTrainEvents(
    trainId,
    Q.TRAIN_EVENTS,
    (event) => {
      addEvents([event]);
      refreshSoon();
    },
    setLive,
  );
}

function stopLive() {
  state.unsubscribe?.();
  state.unsubscribe = undefined;
  resetLiveConnection();
  setLive('off');
}

function restartLive() {
  stopLive();
  if (state.openId && token.get()) subscribe(state.openId);
}

let pollTimer;
function schedulePoll() {
  clearTimeout(pollTimer);
  if (!token.get()) return;
  pollTimer = setTimeout(
    async () => {
      await refresh();
      schedulePoll();
    },
    state.live !== 'live' ? POLL_FALLBACK_MS : MOVING.includes(state.train?.status) ? POLL_MOVING_MS : POLL_RESTING_MS,
  );
}

// ---- navigation --------------------------------------------------------------------------------------------------

function open(id, { push = true } = {}) {
  if (id === state.openId && state.train) return;
  state.openId = id;
  state.train = undefined;
  state.events = [];
  state.eventsCursor = undefined;
  if (push) window.history.pushState({ train: id }, '', `?train=${encodeURIComponent(id)}`);
  if (token.get()) subscribe(id);
  refresh();
}

window.addEventListener('popstate', () => {
  const id = new URLSearchParams(window.location.search).get('train');
  if (id) open(id, { push: false });
});

// ---- actions -----------------------------------------------------------------------------------------------------

async function run(label, document, variables) {
  try {
    await graphql(document, { id: state.openId, ...variables });
    say(`${label}: done`);
  } catch (error) {
    report(error, label);
  }
  refresh();
}

/** Asks for confirmation (and a reason) in the dialog; resolves to the reason, or undefined when cancelled. */
function confirmWithReason(title, body, confirmLabel) {
  const form = view.dialog.querySelector('form');
  const reason = form.elements.reason;
  fill($('confirm-title'), title);
  fill($('confirm-body'), body);
  fill($('confirm-ok'), confirmLabel);
  reason.value = '';
  view.dialog.showModal();
  reason.focus();
  return new Promise((resolve) => {
    const done = (value) => {
      form.removeEventListener('submit', onSubmit);
      view.dialog.removeEventListener('close', onClose);
      if (view.dialog.open) view.dialog.close();
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      if (reason.value.trim()) done(reason.value.trim());
    };
    const onClose = () => done(undefined);
    form.addEventListener('submit', onSubmit);
    view.dialog.addEventListener('close', onClose);
  });
}
$('confirm-cancel').addEventListener('click', () => view.dialog.close());

const on = {
  open,
  start: () => run('Start', Q.START),
  resume: () => run('Resume', Q.RESUME),
  approve: (ring) => run(`Approve ${ring}`, Q.APPROVE, { ring }),
  halt: async () => {
    const reason = await confirmWithReason(
      'Halt this train?',
      'Nothing further is deployed anywhere and canaries in flight are aborted. The train can be resumed or rolled back afterwards.',
      'Halt train',
    );
    if (reason) run('Halt', Q.HALT, { reason });
  },
  rollback: async () => {
    const reason = await confirmWithReason(
      'Roll this train back?',
      'Every ring reached goes back to the previous release, newest ring first. This cannot be undone.',
      'Roll back',
    );
    if (reason) run('Rollback', Q.ROLLBACK, { reason });
  },
};

// ---- messages and drawing ----------------------------------------------------------------------------------------

let toastTimer;
function say(message, tone = 'info') {
  view.toast.textContent = message;
  view.toast.dataset.tone = tone;
  view.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (view.toast.hidden = true), 6000);
}

function report(error, label) {
  const prefix = label ? `${label} failed: ` : '';
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
    say(`${prefix}the token was not accepted — paste another.`, 'error');
    token.clear();
    forgetCaller();
    stopLive();
    showToken();
    return;
  }
  say(`${prefix}${error.message}${error.code ? ` (${error.code})` : ''}`, 'error');
}

/** Redraws keep keyboard focus on the same control (the page redraws every few seconds while a train moves). */
function keepingFocus(draw) {
  const focused = document.activeElement;
  const key = focused?.dataset?.action ? [focused.dataset.action, focused.dataset.ring ?? ''] : undefined;
  const trainId = focused?.dataset?.trainId;
  draw();
  const selector = key
    ? `[data-action="${CSS.escape(key[0])}"]${key[1] ? `[data-ring="${CSS.escape(key[1])}"]` : ''}`
    : trainId
      ? `[data-train-id="${CSS.escape(trainId)}"]`
      : undefined;
  if (selector && !document.body.contains(focused)) document.querySelector(selector)?.focus();
}

function render() {
  keepingFocus(draw);
}

/** The header says whose token is in use, e.g. "release manager token:alice"; "token set" until `me` answers. */
function drawCaller() {
  const { caller } = state;
  view.caller.dataset.role = caller?.role ?? '';
  view.caller.title = caller?.tokenId ? `API token ${caller.tokenName} (${caller.tokenId})` : '';
  if (!caller) return fill(view.caller, 'token set');
  fill(view.caller, h('span', { class: 'caller-role' }, labelOf(caller.role)), ' ', caller.actor);
}

function draw() {
  drawCaller();
  if (!token.get()) {
    fill(view.list);
    fill(view.detail, h('p', { class: 'empty intro' }, 'Paste an API token above to see the trains.'));
    return;
  }
  fill(view.list, trainList(state.trains, state.openId, on));
  if (!state.openId) return fill(view.detail, h('p', { class: 'empty intro' }, 'No train yet.'));
  if (state.train === null) {
    return fill(view.detail, h('p', { class: 'empty intro', role: 'alert' }, `There is no train ${state.openId}.`));
  }
  if (!state.train) return fill(view.detail, h('p', { class: 'empty intro' }, 'Loading…'));
  const extras = { events: [...state.events].reverse(), role: state.caller?.role };
  fill(view.detail, trainDetail(state.train, extras, on));
}

showToken();
render();
if (token.get()) {
  if (state.openId) subscribe(state.openId);
  refresh();
  schedulePoll();
}
