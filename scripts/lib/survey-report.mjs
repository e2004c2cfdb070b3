// Writes fixtures/interop/survey.md from the reports scripts/survey.sh left in its --out folder:
// the verdicts per server, every failure and warning with what it got and how it reads (from the
// readings file, a hand-kept list: a real violation with its rule, or a bug of ours), every
// tools/call either program made (and whether the tool was annotated readOnlyHint), and the
// slowest checks of each run.
//
//   node survey-report.mjs --out DIR --readings FILE --markdown FILE
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toolCalls } from './tool-calls.mjs';

const { values: options } = parseArgs({
  options: { out: { type: 'string' }, readings: { type: 'string' }, markdown: { type: 'string' } },
});
if (!options.out || !options.readings || !options.markdown) {
  console.error('usage: survey-report.mjs --out DIR --readings FILE --markdown FILE');
  process.exit(2);
}
const out = options.out;
const tsv = (file) =>
  existsSync(`${out}/${file}`)
    ? readFileSync(`${out}/${file}`, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t'))
    : [];
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const readingsFile = readJson(options.readings) ?? {};
const readings = readingsFile.readings ?? [];
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const cut = (text, n) => (text.length > n ? `${text.slice(0, n)}…` : text);

// A check id pattern: exact, or with * for any run of characters.
const matches = (pattern, id) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(id);
const readingOf = (server, c) =>
  readings.find(
    (r) =>
      matches(r.id, c.id) &&
      (!r.servers || r.servers.includes(server)) &&
      (!r.verdict || r.verdict === c.verdict) &&
      (!r.message || c.message.includes(r.message)),
  );

const servers = tsv('servers.tsv').map(([name, transport, pkg, version, how, where]) => ({
  name,
  transport,
  pkg,
  version,
  how,
  started: where !== 'not started',
}));
const runs = tsv('runs.tsv');
const lines = [];
const add = (...more) => lines.push(...more);

add(
  '# A survey of real MCP servers',
  '',
  'Written by `scripts/survey.sh` (see [README.md](README.md#the-survey)); the readings of failures and',
  'warnings come from [survey-readings.json](survey-readings.json), kept by hand after reading each',
  'one on the wire. Both programs run against each server on loopback: `mcp-conformance run',
  '--protocol-version all --profile all`, and `mock-openai replay` with every profile.',
  '',
);

const reports = new Map();
for (const s of servers) {
  const report = readJson(`${out}/${s.name}/conformance.json`);
  if (report) reports.set(s.name, report);
}
const about = existsSync(`${out}/about.txt`) ? readFileSync(`${out}/about.txt`, 'utf8').trim().split('\n') : [];
if (about.length) add(`Surveyed with ${about.join('; ')}.`, '');

add('## Servers', '', '| server | transport | package | version | serverInfo | started |', '|---|---|---|---|---|---|');
for (const s of servers) {
  const info = reports.get(s.name)?.server?.serverInfo;
  const shown = info ? `${info.name} ${info.version ?? ''}` : s.started ? '' : '**could not be started**';
  add(`| ${s.name} | ${s.transport} | \`${s.pkg}\` | ${cell(s.version)} | ${cell(shown)} | ${cell(s.how)} |`);
}

// Failures and warnings of each server, one row per check and verdict (the message of its first
// version stands for the others), with mock-openai's beside them; each with its reading.
function findings(name) {
  const r = reports.get(name);
  const found = new Map();
  for (const suite of r?.suites ?? [])
    for (const c of suite.cases) {
      if (c.verdict !== 'fail' && c.verdict !== 'warn' && c.verdict !== 'error') continue;
      const key = `${c.id}\u0000${c.verdict}`;
      if (!found.has(key)) found.set(key, { c, versions: [] });
      found.get(key).versions.push(suite.protocol_version);
    }
  for (const m of mockFailures(name)) found.set(m.key, m);
  return [...found.values()].map((f) => ({ ...f, reading: readingOf(name, f.c) }));
}

add(
  '',
  '## Verdicts',
  '',
  'mcp-conformance: every protocol version the server speaks, profile `all`; counts over all of',
  'them. mock-openai: exit status and seconds per profile (0 the flow succeeded, 1 it failed).',
  '',
  '| server | pass | fail | warn | skip | error | exit | seconds | mock-openai | read: real / ours / none |',
  '|---|---|---|---|---|---|---|---|---|---|',
);
for (const s of servers) {
  const r = reports.get(s.name);
  const conf = runs.find((x) => x[0] === s.name && x[1] === 'mcp-conformance');
  const mocks = runs
    .filter((x) => x[0] === s.name && x[1] === 'mock-openai')
    .map(([, , profile, rc, secs]) => `${profile} ${rc === '0' ? 'ok' : `**exit ${rc}**`} ${secs}s`);
  const sum = r?.summary ?? {};
  const read = findings(s.name).map((f) => f.reading?.reading ?? 'unread');
  const count = (kind) => read.filter((x) => x === kind).length;
  const unread = count('unread') ? `, ${count('unread')} unread` : '';
  add(
    `| ${s.name} | ${sum.pass ?? '-'} | ${sum.fail ?? '-'} | ${sum.warn ?? '-'} | ${sum.skip ?? '-'} | ${sum.error ?? '-'} | ${conf?.[3] ?? '-'} | ${conf?.[4] ?? '-'} | ${mocks.join(', ')} | ${count('real')} / ${count('ours')} / ${count('none')}${unread} |`,
  );
}

// mock-openai's failed flows and warnings, in the shape of a conformance case; the same message
// (numbers aside) folded over profiles.
function mockFailures(name) {
  const found = new Map();
  for (const [server, program, profile] of runs) {
    if (server !== name || program !== 'mock-openai') continue;
    const result = readJson(`${out}/${name}/mock-${profile}.json`);
    if (!result) continue;
    const entries = (result.warnings ?? []).map((w) => ({ verdict: 'warn', message: w }));
    if (result.failure) entries.unshift({ verdict: 'fail', message: `${result.failure.step}: ${result.failure.reason}` });
    for (const e of entries) {
      const key = `mock-openai\u0000${e.verdict}\u0000${e.message.replace(/\d+/g, 'N')}`;
      if (!found.has(key)) found.set(key, { key, c: { id: 'mock-openai', level: 'flow', ...e }, versions: [] });
      found.get(key).versions.push(profile);
    }
  }
  return found.values();
}

if (readingsFile.run_times?.length) {
  add('', '## Run times by --jobs', '');
  add('Whole mcp-conformance runs (`--protocol-version all --profile all`) timed by hand with');
  add('`scripts/survey.sh --only NAME --jobs N` on this 2-core machine, shared with other work (the');
  add('1-minute load average at the start is given). Kept in survey-readings.json, `run_times`.', '');
  add('| server | build | --jobs | seconds | load | note |', '|---|---|---|---|---|---|');
  for (const t of readingsFile.run_times)
    add(`| ${t.server} | ${cell(t.build)} | ${t.jobs} | ${t.seconds} | ${t.load} | ${cell(t.note ?? '')} |`);
}
add('', '## Failures and warnings', '');
add('One row per check and verdict (the versions where it happened; the message is the first');
add("version's). Reading: **real**, a violation by the server of the rule named; **ours**, a bug of");
add('ours (the verdict is wrong, and what it should be); **none**, neither; **unread**, not read yet.', '');
for (const s of servers) {
  const rows = findings(s.name);
  if (!rows.length) continue;
  add(`### ${s.name}`, '', '| check | level | verdict | versions (profiles) | got | reading |', '|---|---|---|---|---|---|');
  for (const { c, versions, reading } of rows) {
    const shown = reading
      ? `**${reading.reading}**: ${reading.rule ? `${reading.rule}. ` : ''}${reading.why}`
      : '**unread**';
    add(
      `| \`${c.id}\` | ${c.level} | ${c.verdict} | ${versions.join(', ')} | ${cell(cut(c.message.replaceAll('\\n', ' '), 200))} | ${cell(shown)} |`,
    );
  }
  add('');
}

add('## Other wrong verdicts of ours', '');
add('Found on the wire but not failures or warnings: passes and skips without the evidence, and what');
add('the programs did wrong (kept by hand in survey-readings.json, `other`).', '');
add('| what | servers | verdict | what it got | right verdict |', '|---|---|---|---|---|');
for (const o of readingsFile.other ?? [])
  add(`| ${cell(o.what)} | ${cell(o.servers)} | ${cell(o.verdict)} | ${cell(o.got)} | ${cell(o.right)} |`);
add('');

// Every tools/call, by tool, and whether the server annotated that tool readOnlyHint.
add('## Tool calls', '', 'Every `tools/call` either program sent, by tool. A run must not change the user\'s data:');
add('each call of a tool not annotated `readOnlyHint: true` has a row of its own; the read-only tools');
add('called share one row per server.', '');
add('| server | tool | annotations | called by |', '|---|---|---|---|');
for (const s of servers) {
  const mocks = runs
    .filter(([server, program]) => server === s.name && program === 'mock-openai')
    .map(([, , profile]) => readJson(`${out}/${s.name}/mock-${profile}.json`))
    .filter(Boolean);
  const { annotations, calls: callers } = toolCalls([reports.get(s.name) ?? {}, ...mocks]);
  const unlisted = new Set();
  const readOnly = [];
  for (const [tool, by] of [...callers].sort()) {
    const a = annotations.get(tool);
    if (!a) {
      for (const caller of by) unlisted.add(caller);
      continue;
    }
    if (a.readOnlyHint === true) {
      readOnly.push(tool);
      continue;
    }
    const flags = Object.entries(a)
      .filter(([k]) => k.endsWith('Hint'))
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    add(`| ${s.name} | \`${tool}\` | **not read-only** (${flags || 'no hints'}) | ${cell([...by].sort().join(', '))} |`);
  }
  if (readOnly.length) add(`| ${s.name} | ${readOnly.map((t) => `\`${t}\``).join(', ')} | readOnlyHint: true | (many checks) |`);
  // Names the server never listed (the unknown tool a check invents, a malformed name) reach no tool.
  if (unlisted.size) add(`| ${s.name} | (names it never listed) | reach no tool | ${cell([...unlisted].sort().join(', '))} |`);
}

add('', '## Slowest checks', '', 'The five longest checks of each mcp-conformance run (seconds).', '');
add('| server | run seconds | slowest checks |', '|---|---|---|');
for (const s of servers) {
  const r = reports.get(s.name);
  if (!r) continue;
  const cases = r.suites.flatMap((suite) => suite.cases.map((c) => ({ ...c, version: suite.protocol_version })));
  const top = cases
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 5)
    .map((c) => `\`${c.id}\` (${c.version}) ${c.seconds.toFixed(1)}`);
  const total = cases.reduce((n, c) => n + c.seconds, 0);
  add(`| ${s.name} | ${r.seconds.toFixed(1)} (checks: ${total.toFixed(0)} summed) | ${top.join(', ')} |`);
}
writeFileSync(options.markdown, `${lines.join('\n')}\n`);
console.error(`survey: wrote ${options.markdown}`);
