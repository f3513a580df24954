// What the page shows, built from API data. No state and no requests here: app.js wires actions in `on`.
import { h } from './dom.js';
import {
  ACTING_ROLES,
  ACTIVE,
  COUNT_PARTS,
  ROLLBACKABLE,
  STOPPED,
  formatRelative,
  formatTime,
  labelOf,
  toneOf,
} from './format.js';

/** A status pill; the text says the status, the colour only repeats it. */
export const pill = (status, extra = '') =>
  h('span', { class: `pill tone-${toneOf(status)} ${extra}`.trim(), dataset: { status } }, labelOf(status));

/** The list of trains, newest first; the open one is marked. */
export function trainList(trains, openId, on) {
  if (!trains.length) return [h('p', { class: 'empty' }, 'No trains yet.')];
  return trains.map((train) =>
    h(
      'li',
      {},
      h(
        'a',
        {
          class: `train-link tone-edge-${toneOf(train.status)}`,
          href: `?train=${encodeURIComponent(train.id)}`,
          'aria-current': train.id === openId ? 'page' : undefined,
          dataset: { trainId: train.id },
          onclick: (event) => {
            event.preventDefault();
            on.open(train.id);
          },
        },
        h('span', { class: 'train-link-title' }, train.releaseVersion, pill(train.status, 'small')),
        h(
          'span',
          { class: 'train-link-meta' },
          `${train.ringPlanName} · ${formatTime(train.createdAt)}`,
          train.currentRing ? ` · ring ${train.currentRing}` : '',
        ),
      ),
    ),
  );
}

/**
 * One train: its header, banners, actions, rings, attributions and events. `extras.role` is the caller's: only
 * ACTING_ROLES get the buttons; a known weaker role reads the train with a hint instead, an unknown one without.
 */
export function trainDetail(train, extras, on) {
  const access = ACTING_ROLES.includes(extras.role) ? 'act' : extras.role ? 'read' : 'unknown';
  const may = access === 'act';
  return [
    h(
      'header',
      { class: 'train-head' },
      h(
        'div',
        {},
        h('h2', { id: 'train-title' }, 'Release ', h('span', { class: 'version' }, train.releaseVersion)),
        h(
          'p',
          { class: 'train-meta' },
          `ring plan ${train.ringPlanName} · created ${formatTime(train.createdAt)}`,
          train.startedAt ? ` · started ${formatTime(train.startedAt)}` : '',
          train.finishedAt ? ` · finished ${formatTime(train.finishedAt)}` : '',
          train.autoRollback ? ' · auto-rollback' : '',
          train.release?.notes ? h('span', { class: 'notes' }, ` · ${train.release.notes}`) : '',
          h('code', { class: 'train-id' }, train.id),
        ),
      ),
      h('div', { class: 'train-status' }, pill(train.status, 'large'), train.paused ? pill('PAUSED', 'large') : null),
    ),
    banner(train, may, on),
    actions(train, access, on),
    h('section', { 'aria-labelledby': 'rings-title' }, h('h3', { id: 'rings-title' }, 'Rings'), rings(train, may, on)),
    train.problems?.totalCount ? problems(train.problems) : null,
    attributions(train.attributions ?? []),
    events(extras.events),
  ];
}

function banner(train, may, on) {
  if (STOPPED.includes(train.status)) {
    const title =
      train.status === 'HALTED' ? 'Train halted' : train.status === 'ROLLING_BACK' ? 'Rolling back' : 'Rolled back';
    return h(
      'div',
      { class: 'banner banner-halted', role: 'alert', id: 'halt-banner' },
      h('strong', {}, title),
      h('span', {}, train.haltReason ? ` — ${train.haltReason}` : ' — nothing further is deployed.'),
    );
  }
  const waiting = train.rings.find((ring) => ring.status === 'AWAITING_APPROVAL');
  if (train.status === 'AWAITING_APPROVAL' && waiting) {
    return h(
      'div',
      { class: 'banner banner-waiting', role: 'status' },
      h('strong', {}, `Ring ${waiting.name} awaits approval`),
      h('span', {}, ' — the previous ring passed its bake.'),
      may ? approveButton(waiting.name, on, 'primary') : null,
    );
  }
  return null;
}

const approveButton = (ring, on, kind = '') =>
  h(
    'button',
    {
      type: 'button',
      class: `button ${kind}`.trim(),
      dataset: { action: 'approve', ring },
      onclick: () => on.approve(ring),
    },
    `Approve ${ring}`,
  );

/** The train's buttons for the caller's access ('act', 'read' or 'unknown'); a reader sees why there are none. */
function actions(train, access, on) {
  const buttons = [];
  if (train.status === 'SCHEDULED') {
    buttons.push(
      h(
        'button',
        { type: 'button', class: 'button primary', dataset: { action: 'start' }, onclick: on.start },
        'Start',
      ),
    );
  }
  if (train.status === 'HALTED') {
    buttons.push(
      h('button', { type: 'button', class: 'button', dataset: { action: 'resume' }, onclick: on.resume }, 'Resume'),
    );
  }
  if (ACTIVE.includes(train.status)) {
    buttons.push(
      h(
        'button',
        { type: 'button', class: 'button danger', dataset: { action: 'halt' }, onclick: on.halt },
        'Halt train…',
      ),
    );
  }
  if (ROLLBACKABLE.includes(train.status)) {
    buttons.push(
      h(
        'button',
        { type: 'button', class: 'button danger-outline', dataset: { action: 'rollback' }, onclick: on.rollback },
        'Roll back…',
      ),
    );
  }
  if (!buttons.length || access === 'unknown') return null;
  if (access === 'read') {
    return h(
      'p',
      { class: 'read-only-note', id: 'read-only-note' },
      'Read-only: starting, approving, halting and rolling back a train need a release manager token.',
    );
  }
  return h('div', { class: 'actions', role: 'group', 'aria-label': 'Train actions' }, buttons);
}

function rings(train, may, on) {
  return h(
    'ol',
    { class: 'rings' },
    train.rings.map((ring, index) =>
      h(
        'li',
        {
          class: `ring tone-${toneOf(ring.status)}${ring.name === train.currentRing ? ' current' : ''}`,
          dataset: { ring: ring.name, status: ring.status },
          'aria-current': ring.name === train.currentRing ? 'step' : undefined,
        },
        h(
          'div',
          { class: 'ring-head' },
          h('span', { class: 'ring-index', 'aria-hidden': 'true' }, index + 1),
          h('span', { class: 'ring-name' }, ring.name),
          pill(ring.status, 'small'),
        ),
        progress(ring.targetCounts),
        h(
          'p',
          { class: 'ring-times' },
          h('span', { class: 'ring-total' }, `${ring.targetCounts.total} targets`),
          h('span', {}, ringTimes(ring)),
        ),
        counts(ring.targetCounts),
        ring.status === 'AWAITING_APPROVAL' && may ? approveButton(ring.name, on, 'primary small') : null,
      ),
    ),
  );
}

function ringTimes(ring) {
  if (ring.status === 'BAKING' && ring.bakeEndsAt) return `baking, ends ${formatRelative(ring.bakeEndsAt)}`;
  if (ring.startedAt) return `started ${formatTime(ring.startedAt)}`;
  return 'not started';
}

function progress(counts) {
  const total = Math.max(counts.total, 1);
  return h(
    'div',
    {
      class: 'bar',
      role: 'img',
      'aria-label': `${counts.healthy} of ${counts.total} targets healthy, ${counts.failed} failed`,
    },
    COUNT_PARTS.filter(({ field }) => counts[field] > 0).map(({ field }) => {
      const segment = h('span', { class: `bar-part part-${field}` });
      segment.style.width = `${(100 * counts[field]) / total}%`;
      return segment;
    }),
  );
}

function counts(counts) {
  return h(
    'dl',
    { class: 'counts' },
    COUNT_PARTS.map(({ field, label }) =>
      h(
        'div',
        { class: `count part-${field}${counts[field] ? '' : ' zero'}`, dataset: { count: field } },
        h('dt', {}, label),
        h('dd', {}, counts[field]),
      ),
    ),
  );
}

function problems(connection) {
  const shown = connection.edges.map((edge) => edge.node);
  return h(
    'section',
    { 'aria-labelledby': 'problems-title', class: 'problems' },
    h('h3', { id: 'problems-title' }, `Targets in trouble (${connection.totalCount})`),
    h(
      'table',
      { class: 'problem-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['environment', 'ring', 'cluster', 'tenant', 'status', 'attempts', 'message'].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        shown.map((t) =>
          h(
            'tr',
            { dataset: { environment: t.environment } },
            h('td', {}, h('strong', {}, t.environment)),
            h('td', {}, t.ring),
            h('td', {}, t.cluster),
            h('td', {}, t.tenant ?? '—'),
            h('td', {}, pill(t.status, 'small')),
            h('td', {}, t.attempts),
            h('td', { class: 'message' }, t.message ?? ''),
          ),
        ),
      ),
    ),
    connection.totalCount > shown.length ? h('p', { class: 'muted' }, `first ${shown.length} shown`) : null,
  );
}

const CAUSE_TONES = { RELEASE: 'bad', CUSTOMER_CODE: 'waiting', TRANSIENT: 'active', UNKNOWN: 'idle' };

function attributions(list) {
  return h(
    'section',
    { 'aria-labelledby': 'attributions-title', class: 'attributions' },
    h('h3', { id: 'attributions-title' }, 'Failures and their causes'),
    list.length
      ? h(
          'ul',
          { class: 'attribution-list' },
          list.map((a) =>
            h(
              'li',
              { class: 'attribution', dataset: { environment: a.environment, cause: a.cause } },
              h(
                'div',
                { class: 'attribution-head' },
                h('strong', {}, a.environment),
                h('span', { class: 'muted' }, ` in ring ${a.ring}`),
                h('span', { class: `pill small tone-${CAUSE_TONES[a.cause] ?? 'idle'}` }, labelOf(a.cause)),
                h('span', { class: 'confidence' }, `${Math.round(a.confidence * 100)}% confidence`),
                a.signature ? h('code', {}, a.signature) : null,
              ),
              h(
                'ul',
                { class: 'evidence' },
                a.evidence.map((line) => h('li', {}, line)),
              ),
              a.overriddenBy ? h('p', { class: 'muted' }, `overridden by ${a.overriddenBy}`) : null,
            ),
          ),
        )
      : h('p', { class: 'empty' }, 'No failures attributed.'),
  );
}

function events(list) {
  return h(
    'section',
    { 'aria-labelledby': 'events-title', class: 'events' },
    h('h3', { id: 'events-title' }, 'Events'),
    list.length ? null : h('p', { class: 'empty' }, 'No events yet.'),
    h(
      'ol',
      { class: 'event-list' },
      list.map((event) =>
        h(
          'li',
          { dataset: { type: event.type } },
          h('time', { datetime: event.occurredAt }, formatTime(event.occurredAt)),
          h('span', { class: 'event-type' }, labelOf(event.type)),
          h('span', {}, event.message),
        ),
      ),
    ),
  );
}
