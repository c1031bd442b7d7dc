// The classic Jupyter Notebook UI driven by a person's clicks in headless Chromium against a running server: steps 5
// and 10 opened from the tree and run from the Cell menu, their outputs, charts and the Learner's growing table checked
// on the page, then Interrupt, Restart and Tab completion with our C# kernel. One line per passed check; the first
// failed check saves a screenshot and exits 1. The kernel's messages pass through a tap that holds them for a moment
// at two of the Learner's rows, so the two screenshots of its growing table land at those rows on any machine.
//
// Usage: node tests/ui/notebook_ui.mjs --url http://127.0.0.1:PORT --token TOKEN --out DIR
//        [--chromium /usr/bin/chromium] [--folder notebooks]
// The server must serve a tree whose FOLDER holds the notebooks (a copy: the page autosaves) with the mnist-scripting
// kernelspec on its JUPYTER_PATH and the MNIST sample reachable (MNIST_SCRIPTING_HOME / MNIST_SCRIPTING_MIRROR).
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' }, token: { type: 'string', default: '' }, out: { type: 'string', default: 'notebook-ui' },
    chromium: { type: 'string', default: '/usr/bin/chromium' }, folder: { type: 'string', default: 'notebooks' },
  },
});
if (!opt.url) { console.error('usage: node notebook_ui.mjs --url http://127.0.0.1:PORT --token TOKEN --out DIR'); process.exit(2); }
mkdirSync(opt.out, { recursive: true });

const Kernel = 'C# (Mnist.Scripting)';
const Interrupted = 'KeyboardInterrupt';
const started = Date.now();
const seconds = ms => `${(ms / 1000).toFixed(1)} s`;
let page, shots = 0;

function fail(message) { throw new Error(message); }

/** Runs one check: prints "ok" with what it saw, or saves a screenshot of the page and exits 1. */
async function check(name, body) {
  try {
    const seen = await body();
    console.log(`ok   ${name}${seen ? `: ${seen}` : ''}`);
  } catch (e) {
    const file = join(opt.out, `failed-${String(++shots).padStart(2, '0')}.png`);
    if (page && !page.isClosed()) await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.error(`FAIL ${name}: ${e.message.split('\n')[0]}\n     screenshot: ${file}; after ${seconds(Date.now() - started)}`);
    await browser.close().catch(() => {});
    process.exit(1);
  }
}

const shot = name => page.screenshot({ path: join(opt.out, `${name}.png`), fullPage: true });

const code = '#notebook-container .cell.code_cell';
const idle = '#kernel_indicator_icon.kernel_idle_icon';

/** Each code cell's source (CodeMirror's text), prompt and the texts of its outputs, as the page shows them. */
const cells = () => page.$$eval(code, cs => cs.map(c => ({
  source: c.querySelector('.CodeMirror').CodeMirror.getValue(),
  prompt: c.querySelector('.input_prompt').textContent.replace(/\s+/g, ''),
  texts: [...c.querySelectorAll('.output_subarea')].map(o => o.innerText.trim()),
  errors: [...c.querySelectorAll('.output_error, .output_stderr')].map(o => o.innerText.trim()),
})));

/** The outputs of the one cell whose source contains `marker`. */
async function outputsOf(marker) {
  const found = (await cells()).filter(c => c.source.includes(marker));
  if (found.length !== 1) fail(`${found.length} cells contain ${marker}`);
  return found[0].texts;
}

/** The highest execution count the prompts show (0 when none ran). */
const lastCount = () => page.$$eval(`${code} .input_prompt`, ps => Math.max(0, ...ps.map(p => Number(/\[(\d+)\]/.exec(p.textContent)?.[1] ?? 0))));

/** Every code cell numbered above `after` (none waiting as In [*]) and the kernel indicator idle. */
const allRan = after => page.waitForFunction(([sel, after]) => document.querySelector(sel) !== null
  && [...document.querySelectorAll('#notebook-container .code_cell .input_prompt')].every(p => Number(/\[(\d+)\]/.exec(p.textContent)?.[1] ?? 0) > after),
[idle, after], { polling: 200, timeout: 300_000 });

async function menu(title, item) {
  await page.click(`#menus a.dropdown-toggle:text-is("${title}")`);
  await page.click(`${item} > a`);
}

/** Opens notebooks/NAME from the tree page (a new tab, as a click on the list does) and waits for the kernel. */
async function openFromTree(context, name) {
  const tree = page = await context.newPage();
  await tree.goto(`${opt.url}/tree?token=${opt.token}`);
  await tree.click(`#notebook_list a.item_link[href$="/tree/${opt.folder}"]`);
  const link = tree.locator(`#notebook_list a.item_link:has-text("${name}")`);
  await link.waitFor();
  const [opened] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tree.close();
  page = opened;
  page.on('pageerror', e => console.log(`note: page error on ${name}: ${e.message}`));
  await page.waitForSelector(idle, { timeout: 120_000 });
  return page;
}

/** Kernel > Change kernel > ours, then the indicator must name it and be idle. */
async function chooseOurKernel() {
  await page.click('#menus a.dropdown-toggle:text-is("Kernel")');
  await page.hover('#menu-change-kernel');
  await page.click(`#menu-change-kernel-submenu a:text-is("${Kernel}")`);
  await page.waitForSelector(idle, { timeout: 120_000 });
  const name = (await page.textContent('.kernel_indicator_name')).trim();
  if (name !== Kernel) fail(`the kernel indicator names "${name}"`);
  return name;
}

/** Clears the outputs (Cell > All Output > Clear), clicks Cell > Run All and waits; the times are the page's own. */
async function runAll(whileRunning) {
  await page.click('#menus a.dropdown-toggle:text-is("Cell")');
  await page.hover('#all_outputs');
  await page.click('#clear_all_output > a');
  const before = await lastCount();
  // Records when the last output changed, from the page's side, to time Run All to the last output.
  const clicked = await page.evaluate(() => {
    window.lastOutputAt = 0;
    const inOutput = n => (n.nodeType === 1 ? n : n.parentElement)?.closest('.output_wrapper');
    new MutationObserver(ms => { if (ms.some(m => inOutput(m.target))) window.lastOutputAt = performance.now(); })
      .observe(document.querySelector('#notebook-container'), { subtree: true, childList: true, characterData: true });
    return performance.now();
  });
  await menu('Cell', '#run_all_cells');
  const run = { done: false };
  const watching = whileRunning ? whileRunning(run) : null;
  await allRan(before).finally(() => { run.done = true; });
  const done = await page.evaluate(() => performance.now());
  if (watching) await watching;
  const last = await page.evaluate(() => window.lastOutputAt);
  // Each cell ran in turn, numbered on from before: a cell the kernel skipped (after an error) breaks the run.
  const prompts = (await cells()).map(c => c.prompt);
  if (prompts.some((p, i) => p !== `In[${before + i + 1}]:`)) fail(`the prompts read ${prompts.join(' ')}`);
  return { idle: done - clicked, lastOutput: last - clicked };
}

/** No error or stderr box anywhere on the page. */
async function noErrorOutput() {
  const errors = (await cells()).flatMap(c => c.errors.map(e => `${c.prompt} ${e}`));
  if (errors.length) fail(`error output: ${errors[0].slice(0, 300)}`);
  return `${(await cells()).length} code cells, none with an error output`;
}

/** Every <img> in an output decoded, is shown, and its pixels (read back through a canvas) have more than one colour. */
async function chartsDecoded(expected) {
  const images = await page.$$eval('.output_subarea img', imgs => Promise.all(imgs.map(async img => {
    img.scrollIntoView();
    await img.decode().catch(() => {});
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const colours = new Set();
    if (img.naturalWidth > 0) {
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < px.length && colours.size < 1000; i += 4 * 7) colours.add((px[i] << 24) | (px[i + 1] << 16) | (px[i + 2] << 8) | px[i + 3]);
    }
    const box = img.getBoundingClientRect();
    return { w: img.naturalWidth, h: img.naturalHeight, shown: box.width > 0 && box.height > 0, colours: colours.size };
  })));
  if (images.length !== expected) fail(`${images.length} chart images, expected ${expected}`);
  images.forEach((m, i) => {
    if (m.w <= 0) fail(`chart ${i + 1} did not decode (naturalWidth 0)`);
    if (!m.shown) fail(`chart ${i + 1} takes no room on the page`);
    if (m.colours < 2) fail(`chart ${i + 1} (${m.w}x${m.h}) is one flat colour`);
  });
  return images.map(m => `${m.w}x${m.h} with ${m.colours >= 1000 ? '1000+' : m.colours} colours`).join(', ') || 'none expected';
}

async function expectOutput(marker, index, expected) {
  const texts = await outputsOf(marker);
  if (texts[index] !== expected) fail(`output ${index + 1} of the cell with ${marker} reads ${JSON.stringify(texts[index])}, the book's is ${expected}`);
  return expected;
}

async function expectBand(marker, index, book, min) {
  const texts = await outputsOf(marker);
  const value = Number(texts[index]);
  if (!(value >= min)) fail(`output ${index + 1} of the cell with ${marker} reads ${JSON.stringify(texts[index])}, expected ≥ ${min} (book ${book})`);
  return `${value} (book ${book}, ≥ ${min})`;
}

/** Adds a cell under the last one (Insert > Insert Cell Below), types `source` into it and leaves the cursor at its end. */
async function newCell(source) {
  await page.locator(code).last().locator('.input_prompt').click();
  // Shift+Enter on the last cell leaves an empty one below it: that one is used, as a person would.
  if (await page.locator(code).last().evaluate(c => c.querySelector('.CodeMirror').CodeMirror.getValue() !== ''))
    await menu('Insert', '#insert_cell_below');
  // Pinned by position: Shift+Enter on the last cell adds another, which .last() would then mean.
  const cell = page.locator(code).nth(await page.locator(code).count() - 1);
  await cell.locator('.CodeMirror').click();
  await page.keyboard.insertText(source);
  const typed = await cell.evaluate(c => c.querySelector('.CodeMirror').CodeMirror.getValue());
  if (typed !== source) fail(`the new cell reads ${JSON.stringify(typed)}`);
  return cell;
}

async function runCell(source) {
  const cell = await newCell(source);
  await page.keyboard.press('Shift+Enter');
  await cell.locator('.input_prompt').filter({ hasText: /\[\d+\]/ }).waitFor({ timeout: 120_000 });
  await page.waitForSelector(idle, { timeout: 60_000 });
  return cell;
}

const browser = await chromium.launch({ executablePath: opt.chromium, args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
context.setDefaultTimeout(60_000);

// Step 5: values and charts.
await check('05 opens from the tree', async () => { await openFromTree(context, '05_sgd_on_a_square.ipynb'); return page.url().split('?')[0]; });
await check('05 runs on our kernel (Kernel > Change kernel)', chooseOurKernel);
let times;
await check('05 Cell > Run All finishes', async () => { times = await runAll(); return `idle after ${seconds(times.idle)}`; });
await shot('05_after_run_all');
await check('05 has no error output', noErrorOutput);
await check('05 f(3)', () => expectOutput('Show("f_3"', 0, 'tensor(9.)'));
await check('05 f(xt), xt=3', () => expectOutput('Show("y_scalar"', 0, '9'));
await check('05 xt.grad', () => expectOutput('Show("grad_scalar"', 0, 'tensor(6.)'));
await check('05 f(xt), xt=[3,4,10]', () => expectOutput('Show("y_vector"', 0, '125'));
await check('05 xt.grad, vector', () => expectOutput('Show("grad_vector"', 0, 'tensor([ 6.,  8., 20.])'));
await check('05 one SGD step, lr 0.1', () => expectOutput('Show("after_step"', 0, 'tensor([2.4000, 3.2000, 8.0000], requires_grad=True)'));
await check('05 each chart is a decoded <img> with non-blank pixels', () => chartsDecoded(2));

// Interrupt, Restart, Tab completion in the same page.
await check('the Interrupt button stops a long loop', async () => {
  const cell = await newCell('var kept = 42;\nwhile (true) { }');
  await page.keyboard.press('Shift+Enter');
  await cell.locator('.input_prompt').filter({ hasText: '[*]' }).waitFor();
  await page.waitForSelector('#kernel_indicator_icon.kernel_busy_icon');
  await page.waitForTimeout(1500);
  if (!(await page.$('#kernel_indicator_icon.kernel_busy_icon'))) fail('the kernel went idle before the interrupt');
  await page.click('#maintoolbar button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
  await cell.locator('.output_error').waitFor({ timeout: 30_000 });
  await page.waitForSelector(idle, { timeout: 30_000 });
  const text = (await cell.locator('.output_error').innerText()).trim();
  if (!text.includes(Interrupted)) fail(`the error output reads ${JSON.stringify(text)}`);
  await shot('interrupted');
  return text.split('\n')[0];
});
await check('the variables survive the interrupt', async () => {
  const cell = await runCell('Console.WriteLine(kept);');
  const text = (await cell.locator('.output_subarea').allInnerTexts()).join('\n').trim();
  if (text !== '42') fail(`the cell printed ${JSON.stringify(text)}`);
  return `kept = ${text}`;
});
await check('Kernel > Restart (confirmed) clears them', async () => {
  await page.evaluate(() => { window.kernelReady = new Promise(r => Jupyter.notebook.events.one('kernel_ready.Kernel', r)); });
  await menu('Kernel', '#restart_kernel');
  await page.locator('.modal-dialog button:text-is("Restart")').click();
  await page.evaluate(() => window.kernelReady);
  await page.waitForSelector('.modal-dialog', { state: 'detached' });
  await page.waitForSelector(idle, { timeout: 120_000 });
  const cell = await runCell('Console.WriteLine(kept);');
  const prompt = (await cell.locator('.input_prompt').innerText()).replace(/\s+/g, '');
  const text = (await cell.locator('.output_error').innerText({ timeout: 5000 }).catch(() => '')).trim();
  if (!text.includes('CS0103')) fail(`after the restart \`kept\` gives ${JSON.stringify(text || await cell.innerText())}`);
  if (prompt !== 'In[1]:') fail(`the first cell after the restart is numbered ${prompt}`);
  await shot('restarted');
  return `${prompt} ${text.split('\n')[0]}`;
});
await check('Tab opens a completion list with RequiresGrad', async () => {
  const cell = await newCell('Tensor.Of(1.0).Requ');
  await page.keyboard.press('Tab');
  const options = page.locator('#complete select option');
  await options.first().waitFor({ timeout: 30_000 });
  const names = await options.allInnerTexts();
  await shot('completion');
  if (!names.includes('RequiresGrad')) fail(`the list holds ${names.join(', ')}`);
  await page.keyboard.press('Escape');
  return names.join(', ');
});
await page.close();

// Step 10: the Learner's table grows while it trains.
/** Passes the kernel's messages to the page; at a Learner table of 3 or 6 rows it holds the rest until release(). */
const tap = {
  holdAt: new Set([3, 6]), held: null, queue: [], page: null, since: 0, heldMs: 0,
  idled: new Set(), heldParent: null,
  fromServer(m) {
    if (this.held !== null) { this.queue.push(m); return; }
    this.page.send(m);
    const idle = idleOf(m);
    if (idle) this.idled.add(idle);
    const rows = tableRows(m);
    if (this.holdAt.delete(rows)) {
      this.held = rows;
      this.heldParent = JSON.parse(m).parent_header?.msg_id;
      this.since = Date.now();
      // Never more than 20 s, whatever happens to the shot: the run must go on.
      setTimeout(() => { if (this.held === rows) this.release(); }, 20_000).unref();
    }
  },
  release() { this.heldMs += Date.now() - this.since; this.held = null; for (const m of this.queue.splice(0)) this.fromServer(m); },
};
/** The body rows of the HTML table in a display or update_display_data message, else null. */
function tableRows(m) {
  if (typeof m !== 'string' || !m.includes('display_data')) return null;
  const html = JSON.parse(m).content?.data?.['text/html'] ?? '';
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(html);
  return body ? (body[1].match(/<tr>/g) ?? []).length : null;
}
/** The parent msg_id of an iopub status idle message, else null. */
function idleOf(m) {
  if (typeof m !== 'string' || !m.includes('"idle"')) return null;
  const j = JSON.parse(m);
  return j.msg_type === 'status' && j.content?.execution_state === 'idle' ? j.parent_header?.msg_id : null;
}
const until = async test => { while (!test()) await new Promise(r => setTimeout(r, 50)); };
await context.routeWebSocket(/\/api\/kernels\/[^/]+\/channels/, ws => {
  tap.page = ws;
  ws.connectToServer().onMessage(m => tap.fromServer(m));
});
await check('10 opens from the tree', async () => { await openFromTree(context, '10_optimizer_and_learner.ipynb'); return page.url().split('?')[0]; });
await check('10 runs on our kernel (Kernel > Change kernel)', chooseOurKernel);
const growth = { counts: [], shots: [] };
const learnerCell = page.locator(code).filter({ hasText: 'learn.Fit' });
/**
 * While Run All goes on: the Learner's output shot at 3 and at 6 rows. Ten epochs here can take under a second, less
 * than two screenshots of a busy page, so at each of those rows the kernel's messages to the page wait for the shot.
 */
async function watchTable(run) {
  for (const rows of [3, 6]) {
    await until(() => tap.held === rows || run.done);
    if (tap.held !== rows) return;
    await learnerCell.locator('.output_subarea table tbody tr').nth(rows - 1).waitFor();
    const prompt = (await learnerCell.locator('.input_prompt').innerText()).replace(/\s+/g, '');
    const png = await learnerCell.locator('.output_wrapper').screenshot({ path: join(opt.out, `10_learner_${rows}_rows.png`) });
    const shown = await learnerCell.locator('.output_subarea table tbody tr').count();
    growth.shots.push({ rows, png, prompt, shown, idleGiven: tap.idled.has(tap.heldParent) });
    tap.release();
  }
}
// Every row count the page renders in the Learner's output (each update_display_data), recorded as it changes.
await learnerCell.evaluate(cell => {
  window.rowCounts = [];
  new MutationObserver(() => {
    const n = cell.querySelectorAll('.output_subarea table tbody tr').length;
    if (window.rowCounts.at(-1) !== n) window.rowCounts.push(n);
  }).observe(cell, { subtree: true, childList: true });
});
await check('10 Cell > Run All finishes', async () => {
  times = await runAll(watchTable);
  return `idle after ${seconds(times.idle)}, last output ${seconds(times.lastOutput)} after the click (${seconds(tap.heldMs)} of it held for the shots)`;
});
await shot('10_after_run_all');
growth.counts = (await page.evaluate(() => window.rowCounts)).filter(n => n > 0);
await check('10 has no error output', noErrorOutput);
await check('10 Linear(784, 1) weight and bias', async () => {
  const texts = await outputsOf('Show("linear_weight_shape"');
  if (texts[0] !== 'torch.Size([1, 784])' || texts[1] !== 'torch.Size([1])') fail(`the shapes read ${JSON.stringify(texts)}`);
  return texts.join(', ');
});
await check('10 BasicOptim, 20 epochs', () => expectBand('Show("basic_optim_accuracy"', 1, '0.9785', 0.96));
await check('10 SGD, 20 epochs', () => expectBand('Show("sgd_accuracy"', 1, '0.9785', 0.96));
await check("10 SGD's line of 20 accuracies repeats BasicOptim's", async () => {
  const [basic] = await outputsOf('Show("basic_optim_accuracy"'), [sgd] = await outputsOf('Show("sgd_accuracy"');
  if (basic.split(/\s+/).length !== 20 || sgd !== basic) fail(`BasicOptim printed "${basic}", SGD "${sgd}"`);
  return basic;
});
await check('10 the Learner table grew row by row while it trained', async () => {
  // One row per epoch, each drawn on its own: the page showed 1, 2, ... 10 rows in turn.
  const c = growth.counts;
  if (c.join() !== '1,2,3,4,5,6,7,8,9,10') fail(`row counts rendered: ${c.join(' → ')}`);
  if (growth.shots.length < 2) fail(`${growth.shots.length} screenshots taken while training`);
  for (const s of growth.shots)
    // Not the prompt: In [*] ends with execute_reply, which comes over the shell channel and may pass the iopub
    // messages still on their way (Jupyter keeps order within a channel only). The kernel's own order is iopub's:
    // the page had not yet been given the cell's status idle when the shot was taken.
    if (s.shown !== s.rows || s.idleGiven) fail(`the shot at ${s.rows} rows shows ${s.shown} rows, the cell's idle ${s.idleGiven ? 'already' : 'not yet'} given to the page`);
  if (growth.shots[0].png.equals(growth.shots[1].png)) fail(`the shots at ${growth.shots[0].rows} and ${growth.shots[1].rows} rows are identical`);
  return `rows ${c.join(' → ')}; shots before the cell's idle at ${growth.shots[0].rows} and ${growth.shots[1].rows} rows differ (prompts ${growth.shots.map(s => s.prompt).join(', ')})`;
});
await check('10 Learner, epoch 0 batch_accuracy', async () => {
  const texts = await outputsOf('learn.Fit');
  const value = Number(texts.at(-2)).toFixed(6);
  if (value !== '0.495584') fail(`reads ${texts.at(-2)}, the book's is 0.495584`);
  return value;
});
await check('10 Learner, epoch 9 batch_accuracy (the table and the value)', async () => {
  const texts = await outputsOf('learn.Fit');
  const last = await learnerCell.locator('.output_subarea table tbody tr').last().locator('td').allInnerTexts();
  const header = await learnerCell.locator('.output_subarea table thead th').allInnerTexts();
  const column = Number(last[header.indexOf('batch_accuracy')]), value = Number(texts.at(-1));
  if (last[0] !== '9' || !(column >= 0.96)) fail(`the table's last row reads ${last.join(' | ')}`);
  if (!(value >= 0.96) || Math.abs(value - column) > 5e-7) fail(`the shown value ${texts.at(-1)} is not the table's ${column}`);
  return `${value} (book 0.967615, ≥ 0.96); last row ${last.join(' | ')}`;
});
await browser.close();
console.log(`time: Run All to the last output on 10: ${seconds(times.lastOutput - tap.heldMs)} without the ${seconds(tap.heldMs)} held for the two shots`
  + ` (kernel idle, every cell numbered: ${seconds(times.idle - tap.heldMs)})`);
console.log(`time: total ${seconds(Date.now() - started)}`);
