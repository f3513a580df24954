import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '@ringmaster/config';
import { startFleetSim, type FleetScenario, type FleetSim } from '@ringmaster/fleet-sim';
import { embeddedTestDatabase, type TestDatabase } from '@ringmaster/persistence';
import { startService, type RunningService } from '../apps/ringmaster/src/bootstrap.js';
import { graphqlClient, type GraphQLClient } from '../apps/ringmaster/src/graphql/graphql.client.js';

// The dashboard in a real headless Chromium against the running service and fleet-sim: a release manager pastes a
// token, watches a train move ring by ring without reloading, approves the manual gate, halts and rolls back with a
// confirmation; a viewer's token reads the same train without those buttons. Screenshots go to test/artifacts/ and are checked for sanity through the browser's own PNG decoder.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
];
const VIEWPORT = { width: 1400, height: 900 };
const ARTIFACTS = new URL('./artifacts/', import.meta.url);
const ADMIN_TOKEN = 'dashboard-admin-token-0123';
const SETUP_TIMEOUT_MS = 180_000;
const TRAIN_TIMEOUT_MS = 90_000;

const API_TRAIN_FIELDS =
  'status haltReason rings { name status targetCounts { total pending deploying healthy failed excluded rolledBack } }';
const OLD = '2026.46.0';
const GOOD = '2026.47.0';
const BAD = '2026.47.9';
const COMPONENTS = ['author', 'publish'];
const INTERNAL = ['int-a', 'int-b'];
const CUSTOMERS = ['shop-0', 'shop-1', 'shop-2', 'shop-3'];

const scenario: FleetScenario = {
  name: 'dashboard',
  settings: { tick: '50ms', podStart: '100ms', progressDeadlineSeconds: 2, bookmarkInterval: '300ms' },
  platform: { version: OLD, imageTemplate: 'cms/{component}:{version}' },
  clusters: [
    { name: 'eu-1', region: 'eu' },
    { name: 'us-1', region: 'us' },
  ],
  canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] },
  environments: {
    list: [...INTERNAL, ...CUSTOMERS].map((name, n) => ({
      name,
      cluster: n % 2 ? 'us-1' : 'eu-1',
      tenant: INTERNAL.includes(name) ? 'internal' : name,
      replicas: 1,
    })),
  },
  faults: [{ id: 'bad', kind: 'bad-release', match: { image: BAD }, effect: 'crashloop' }],
};

describe('the dashboard in headless Chromium', () => {
  let service: RunningService;
  let testDb: TestDatabase;
  let sim: FleetSim;
  let browser: Browser;
  let admin: GraphQLClient;
  let manager: GraphQLClient;
  let managerToken: string;
  let viewerToken: string;

  beforeAll(async () => {
    testDb = embeddedTestDatabase();
    sim = await startFleetSim({ scenario });
    const env = {
      PORT: '0',
      RINGMASTER_ADMIN_TOKEN: ADMIN_TOKEN,
      RINGMASTER_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    };
    service = await startService({ ...loadConfig(env), database: testDb.config });
    admin = graphqlClient(service.url, ADMIN_TOKEN);
    const createToken = async (name: string, role: string) => {
      const created = await admin<{ createApiToken: { token: string } }>(
        `mutation { createApiToken(name: "${name}", role: ${role}) { token } }`,
      );
      return created.data!.createApiToken.token;
    };
    managerToken = await createToken('dashboard', 'RELEASE_MANAGER');
    viewerToken = await createToken('watcher', 'VIEWER');
    manager = graphqlClient(service.url, managerToken);
    for (const cluster of sim.clusters) {
      const registered = await admin(
        `mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { name } }`,
        { input: { name: cluster.name, region: cluster.region, kubeconfig: cluster.kubeconfig } },
      );
      expect(registered.errors).toBeUndefined();
    }
    for (const version of [GOOD, BAD]) {
      const created = await manager(
        `mutation($input: CreateReleaseInput!) { createRelease(input: $input) { version } }`,
        { input: { version, components: COMPONENTS.map((c) => ({ name: c, image: `cms/${c}:${version}` })) } },
      );
      expect(created.errors).toBeUndefined();
    }
    // the internal ring bakes long enough for the page to show it baking
    const ring = { maxParallel: 2, failureBudget: { maxFailures: 0 } };
    const plan = await manager(`mutation($input: UpsertRingPlanInput!) { upsertRingPlan(input: $input) { name } }`, {
      input: {
        name: 'weekly',
        autoRollback: false,
        rings: [
          { ...ring, name: 'internal', kind: 'INTERNAL', selector: 'tenant=internal', gate: 'AUTO', bake: '4s' },
          { ...ring, name: 'everyone', kind: 'ALL', selector: '', gate: 'MANUAL', bake: '1s' },
        ],
      },
    });
    expect(plan.errors).toBeUndefined();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await sim?.close();
    await testDb?.drop();
  });

  async function createTrain(releaseVersion = GOOD): Promise<string> {
    const created = await manager<{ createTrain: { id: string } }>(
      `mutation($input: CreateTrainInput!) { createTrain(input: $input) { id } }`,
      { input: { releaseVersion, ringPlan: 'weekly' } },
    );
    expect(created.errors).toBeUndefined();
    return created.data!.createTrain.id;
  }

  /** A fresh browser context (no stored token) on `/?train=<id>`, signed in through the token form. */
  async function openSignedIn(
    trainId: string,
    token = managerToken,
  ): Promise<{ page: Page; problems: string[]; liveEvents: string[] }> {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const problems: string[] = [];
    // the event types the page receives over its graphql-ws connection
    const liveEvents: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; payload?: { data?: TrainEventsData } };
        const event = message.type === 'next' ? message.payload?.data?.trainEvents : undefined;
        if (event) liveEvents.push(event.type);
      }),
    );
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    const response = await page.goto(`${service.url}/?train=${trainId}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await shows(page.locator('#train-detail'), 'Paste an API token');
    await signIn(page, token);
    await page.locator('#train-title').waitFor();
    return { page, problems, liveEvents };
  }

  async function signIn(page: Page, token: string): Promise<void> {
    await page.fill('#token-input', token);
    await page.click('#token-form button[type=submit]');
  }

  /** Waits until the header names the caller `me` answered for the token in use. */
  async function showsCaller(page: Page, role: string, actor: string): Promise<void> {
    await shows(page.locator(`#caller[data-role="${role}"]`), actor);
  }

  /** Every release-manager control on the page: start, approve, halt, resume, roll back. */
  const actionButtons = (page: Page) => page.locator('button[data-action]');

  const trainStatus = (page: Page) => page.locator('.train-status .pill').first().getAttribute('data-status');
  const ringCard = (page: Page, ring: string) => page.locator(`.ring[data-ring="${ring}"]`);
  const ringCount = (page: Page, ring: string, count: string) =>
    ringCard(page, ring).locator(`[data-count="${count}"] dd`).textContent();

  async function waitForTrainStatus(page: Page, status: string): Promise<void> {
    await page
      .locator(`.train-status .pill[data-status="${status}"]`)
      .waitFor({ timeout: TRAIN_TIMEOUT_MS })
      .catch(async (error: Error) => {
        const id = new URL(page.url()).searchParams.get('train');
        const api = await manager(`query($id: ID!) { train(id: $id) { ${API_TRAIN_FIELDS} } }`, { id });
        throw new Error(
          `page still shows ${await trainStatus(page)}, the API ${JSON.stringify(api)}: ${error.message}`,
        );
      });
  }

  /** Every status a ring card shows, as the page redraws it (recorded in the page, so nothing is missed). */
  async function recordRingStatuses(page: Page): Promise<() => Promise<Record<string, string[]>>> {
    await page.evaluate(RECORD_RING_STATUSES);
    return () => page.evaluate<Record<string, string[]>>('window.ringStatuses');
  }

  it(
    'shows a train moving ring by ring without a reload, and a release manager approves the manual gate',
    async () => {
      const id = await createTrain();
      const { page, problems, liveEvents } = await openSignedIn(id);
      await shows(page.locator('#train-title'), GOOD);
      await showsCaller(page, 'RELEASE_MANAGER', 'token:dashboard');
      expect(await page.locator('#read-only-note').count()).toBe(0);
      await page.locator('#live-state[data-state="live"]').waitFor();
      expect(await trainStatus(page)).toBe('SCHEDULED');
      expect(await page.locator(`.train-link[data-train-id="${id}"]`).count()).toBe(1);
      expect(await ringCount(page, 'internal', 'pending')).toBe(String(INTERNAL.length));
      expect(await ringCount(page, 'everyone', 'pending')).toBe(String(CUSTOMERS.length));
      const ringStatuses = await recordRingStatuses(page);
      let loads = 0;
      page.on('load', () => loads++);

      await page.click('button[data-action="start"]');
      await waitForTrainStatus(page, 'AWAITING_APPROVAL');
      expect(await ringCount(page, 'internal', 'healthy')).toBe(String(INTERNAL.length));
      await page.locator('.banner-waiting').waitFor();
      const seen = await ringStatuses();
      expect(seen.internal).toEqual(expect.arrayContaining(['PENDING', 'BAKING', 'PASSED']));
      expect(seen.internal.indexOf('BAKING')).toBeLessThan(seen.internal.indexOf('PASSED'));
      expect(seen.everyone).toContain('AWAITING_APPROVAL');
      // pushed over the subscription, not only found by polling
      expect(liveEvents).toEqual(expect.arrayContaining(['TRAIN_STARTED', 'RING_BAKING', 'RING_AWAITING_APPROVAL']));
      await shows(page.locator('.event-list'), 'ring everyone awaits approval');
      await checkScreenshot(page, 'dashboard-awaiting-approval.png', '.banner-waiting', 'waiting');

      await page.click('.banner-waiting button[data-action="approve"]');
      await waitForTrainStatus(page, 'COMPLETED');
      // the status can come first: a refresh the ring's earlier events asked for may already read the train done
      await shows(page.locator('.event-list'), 'completed: release');
      expect(liveEvents).toEqual(expect.arrayContaining(['RING_APPROVED', 'TRAIN_COMPLETED']));
      expect(await ringCount(page, 'everyone', 'healthy')).toBe(String(CUSTOMERS.length));
      expect(await ringCard(page, 'everyone').getAttribute('data-status')).toBe('PASSED');
      // the page followed the train on its own: one navigation, no reload
      expect(loads).toBe(0);
      expect(page.url()).toContain(`?train=${id}`);

      const api = await manager<{ train: { status: string } }>(`query($id: ID!) { train(id: $id) { status } }`, { id });
      expect(api.data?.train.status).toBe('COMPLETED');
      expect(problems).toEqual([]);
      await page.context().close();
    },
    TRAIN_TIMEOUT_MS * 2,
  );

  it(
    'shows a viewer the train read-only, without start, approve, halt or roll back, and a stronger token brings them',
    async () => {
      const id = await createTrain();
      const { page, problems } = await openSignedIn(id, viewerToken);
      await showsCaller(page, 'VIEWER', 'token:watcher');
      // drawn together with the caller: a SCHEDULED train without its start button
      expect(await trainStatus(page)).toBe('SCHEDULED');
      expect(await actionButtons(page).count()).toBe(0);
      await shows(page.locator('#read-only-note'), 'need a release manager token');

      // moved by a release manager elsewhere: the viewer follows it to the manual gate, still without a button
      const started = await manager(`mutation($id: ID!) { startTrain(id: $id) { id } }`, { id });
      expect(started.errors).toBeUndefined();
      await waitForTrainStatus(page, 'AWAITING_APPROVAL');
      await page.locator('.banner-waiting').waitFor();
      expect(await ringCard(page, 'everyone').getAttribute('data-status')).toBe('AWAITING_APPROVAL');
      await shows(page.locator('#read-only-note'), 'need a release manager token');
      expect(await actionButtons(page).count()).toBe(0);
      writeFileSync(new URL('dashboard-viewer.png', ARTIFACTS), await page.screenshot());

      // another token in the same tab: the page asks `me` again and offers what the new role may do
      await page.click('#token-forget');
      await signIn(page, ADMIN_TOKEN);
      await showsCaller(page, 'ADMIN', 'admin-token');
      await page.locator('.banner-waiting button[data-action="approve"]').waitFor();
      expect(await page.locator('button[data-action="halt"]').count()).toBe(1);
      expect(await page.locator('button[data-action="rollback"]').count()).toBe(1);
      expect(await page.locator('#read-only-note').count()).toBe(0);
      await page.click('.banner-waiting button[data-action="approve"]');
      await waitForTrainStatus(page, 'COMPLETED');
      expect(problems).toEqual([]);
      await page.context().close();
    },
    TRAIN_TIMEOUT_MS * 2,
  );

  it(
    'halts a train after a confirmation with a reason, shows it unmistakably, and rolls it back',
    async () => {
      const id = await createTrain();
      const { page, problems } = await openSignedIn(id);
      await page.click('button[data-action="start"]');
      // a keyboard user's focus survives the redraws while the train deploys
      await page.focus('button[data-action="halt"]');
      await ringCard(page, 'internal')
        .and(page.locator('[data-status="BAKING"]'))
        .waitFor({ timeout: TRAIN_TIMEOUT_MS });
      expect(await page.evaluate('document.activeElement.dataset.action')).toBe('halt');

      await page.keyboard.press('Enter');
      const dialog = page.locator('#confirm-dialog');
      await dialog.waitFor();
      expect(await dialog.locator('h2').textContent()).toBe('Halt this train?');
      await dialog.locator('#confirm-cancel').click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await trainStatus(page)).not.toBe('HALTED');

      await page.click('button[data-action="halt"]');
      await page.fill('#confirm-reason', 'error rate on int-a looks wrong');
      await page.click('#confirm-ok');
      await waitForTrainStatus(page, 'HALTED');
      expect(await page.locator('button[data-action="resume"]').count()).toBe(1);
      const banner = page.locator('#halt-banner');
      await shows(banner, 'Train halted');
      await shows(banner, 'error rate on int-a looks wrong');
      expect(await banner.getAttribute('role')).toBe('alert');
      await checkScreenshot(page, 'dashboard-halted.png', '#halt-banner', 'bad');

      await page.click('button[data-action="rollback"]');
      await page.fill('#confirm-reason', 'rolling back after the halt');
      await page.click('#confirm-ok');
      await waitForTrainStatus(page, 'ROLLED_BACK');
      await shows(banner, 'Rolled back');
      expect(problems).toEqual([]);
      await page.context().close();
    },
    TRAIN_TIMEOUT_MS * 2,
  );

  it(
    'shows a release that crash-loops halted, with the failing targets and the evidence of their attribution',
    async () => {
      const id = await createTrain(BAD);
      const { page, problems } = await openSignedIn(id);
      await page.click('button[data-action="start"]');
      await waitForTrainStatus(page, 'HALTED');
      await page.locator('#halt-banner').waitFor();
      // a fault in the internal tenant alone: the engine may judge it RELEASE or UNKNOWN, both count and halt
      const attribution = page.locator('.attribution').first();
      await attribution.waitFor({ timeout: TRAIN_TIMEOUT_MS });
      expect(INTERNAL).toContain(await attribution.getAttribute('data-environment'));
      expect(['RELEASE', 'UNKNOWN']).toContain(await attribution.getAttribute('data-cause'));
      expect(await attribution.locator('.evidence li').count()).toBeGreaterThan(0);
      expect(await page.locator('.problem-table tbody tr').count()).toBeGreaterThan(0);
      expect(Number(await ringCount(page, 'internal', 'failed'))).toBeGreaterThan(0);
      expect(await page.locator('button[data-action="halt"]').count()).toBe(0);
      await checkScreenshot(page, 'dashboard-halted-release.png', '#halt-banner', 'bad');
      expect(problems).toEqual([]);
      await page.context().close();
    },
    TRAIN_TIMEOUT_MS * 2,
  );

  it('asks again for a token the service refuses, and says when the train asked for does not exist', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(`${service.url}/?train=00000000-0000-0000-0000-000000000000`);
    await page.fill('#token-input', 'not-a-token-of-this-service');
    await page.click('#token-form button[type=submit]');
    await shows(page.locator('#toast'), 'the token was not accepted');
    await page.locator('#token-form').waitFor();
    expect(await page.evaluate('sessionStorage.length + localStorage.length')).toBe(0);

    await page.fill('#token-input', managerToken);
    await page.check('#token-remember');
    await page.click('#token-form button[type=submit]');
    await shows(page.locator('#train-detail'), 'There is no train 00000000-0000-0000-0000-000000000000');
    // remembered on this device: a new tab of the same browser profile is signed in
    const again = await context.newPage();
    await again.goto(service.url);
    await again.locator('.train-link').first().waitFor();
    expect(await again.locator('#token-form').isHidden()).toBe(true);
    await context.close();
  });

  it('serves its files with their content types and nothing else under /dashboard/', async () => {
    const get = (path: string) => fetch(`${service.url}${path}`);
    const page = await get('/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await get('/dashboard/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('/dashboard/dashboard.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const client = await get('/dashboard/vendor/graphql-ws/client.js');
    expect(client.status).toBe(200);
    expect(await client.text()).toContain('function createClient');
    for (const path of [
      '/dashboard/nope.js',
      '/dashboard/..%2Fdashboard.module.ts',
      '/dashboard/vendor/graphql-ws/index.js',
    ]) {
      expect((await get(path)).status).toBe(404);
    }
  });
});

// Code run inside the browser is written as source text: this project type-checks for Node, without DOM types.

/** Records in `window.ringStatuses` the sequence of statuses each ring card shows, on every redraw. */
const RECORD_RING_STATUSES = `(() => {
  const seen = {};
  const record = () => {
    for (const ring of document.querySelectorAll('.ring')) {
      const list = (seen[ring.dataset.ring] ??= []);
      if (list.at(-1) !== ring.dataset.status) list.push(ring.dataset.status);
    }
  };
  record();
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
  window.ringStatuses = seen;
})()`;

interface TrainEventsData {
  trainEvents: { type: string };
}

interface ScreenshotProbe {
  width: number;
  height: number;
  /** distinct colours on a 25 px grid */
  colours: number;
  /** the RGB of the probed point */
  region: [number, number, number];
}

/** Decodes a PNG (base64) with the browser's decoder: its size, colours on a grid, and the pixel at `at`. */
const PROBE_PNG = `async (data, at) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + data;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixel = (x, y) => Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
  const colours = new Set();
  for (let x = 0; x < image.width; x += 25) for (let y = 0; y < image.height; y += 25) colours.add(String(pixel(x, y)));
  return { width: image.width, height: image.height, colours: colours.size, region: pixel(at.x, at.y) };
}`;

/** Waits until the element shows `text` (the page redraws itself as data arrives). */
async function shows(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
}

/**
 * Saves a screenshot of the viewport and checks it through Chromium's own PNG decoder: the expected size, not blank, and
 * the region `selector` painted in its tone's colour (red for a halt, amber for a waiting gate).
 */
async function checkScreenshot(page: Page, name: string, selector: string, tone: 'bad' | 'waiting'): Promise<void> {
  const png = await page.screenshot();
  writeFileSync(new URL(name, ARTIFACTS), png);
  const box = (await page.locator(selector).boundingBox())!;
  const decoder = await page.context().newPage();
  const at = { x: Math.round(box.x + box.width - 12), y: Math.round(box.y + 6) };
  const probe = await decoder.evaluate<ScreenshotProbe>(
    `(${PROBE_PNG})(${JSON.stringify(png.toString('base64'))}, ${JSON.stringify(at)})`,
  );
  await decoder.close();
  expect({ width: probe.width, height: probe.height }).toEqual(VIEWPORT);
  expect(probe.colours).toBeGreaterThan(20);
  const [r, g, b] = probe.region;
  if (tone === 'bad') expect(r > 150 && g < 80 && b < 80).toBe(true);
  else expect(r > 230 && g > 200 && r - b > 40).toBe(true);
}
