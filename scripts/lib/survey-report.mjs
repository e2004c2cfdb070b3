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
const readings = readJson(options.readings)?.readings ?? [];
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
const anyReport = [...reports.values()][0];
if (anyReport) add(`${anyReport.tool.name} ${anyReport.tool.version}, run ${anyReport.started_at}.`, '');

add('## Servers', '', '| server | transport | package | version | serverInfo | started |', '|---|---|---|---|---|---|');
for (const s of servers) {
  const info = reports.get(s.name)?.server?.serverInfo;
  const shown = info ? `${info.name} ${info.version ?? ''}` : s.started ? '' : '**could not be started**';
  add(`| ${s.name} | ${s.transport} | \`${s.pkg}\` | ${cell(s.version)} | ${cell(shown)} | ${cell(s.how)} |`);
}

add(
  '',
  '## Verdicts',
  '',
  'mcp-conformance: every protocol version the server speaks, profile `all`; counts over all of',
  'them. mock-openai: exit status and seconds per profile (0 the flow succeeded, 1 it failed).',
  '',
  '| server | pass | fail | warn | skip | error | exit | seconds | mock-openai |',
  '|---|---|---|---|---|---|---|---|---|',
);
for (const s of servers) {
  const r = reports.get(s.name);
  const conf = runs.find((x) => x[0] === s.name && x[1] === 'mcp-conformance');
  const mocks = runs
    .filter((x) => x[0] === s.name && x[1] === 'mock-openai')
    .map(([, , profile, rc, secs]) => `${profile} ${rc === '0' ? 'ok' : `**exit ${rc}**`} ${secs}s`);
  const sum = r?.summary ?? {};
  add(
    `| ${s.name} | ${sum.pass ?? '-'} | ${sum.fail ?? '-'} | ${sum.warn ?? '-'} | ${sum.skip ?? '-'} | ${sum.error ?? '-'} | ${conf?.[3] ?? '-'} | ${conf?.[4] ?? '-'} | ${mocks.join(', ')} |`,
  );
}

// Failures and warnings, the same check with the same message folded over versions.
add('', '## Failures and warnings', '');
add('Reading: **real**, a violation by the server of the rule named; **ours**, a bug of ours (the');
add('verdict is wrong, and what it should be); **unread**, not read yet.', '');
for (const s of servers) {
  const r = reports.get(s.name);
  if (!r) continue;
  const found = new Map();
  for (const suite of r.suites)
    for (const c of suite.cases) {
      if (c.verdict !== 'fail' && c.verdict !== 'warn' && c.verdict !== 'error') continue;
      // One row per check and verdict: the message of its first version stands for the others.
      const key = `${c.id}\u0000${c.verdict}`;
      if (!found.has(key)) found.set(key, { c, versions: [] });
      found.get(key).versions.push(suite.protocol_version);
    }
  for (const m of mockFailures(s.name)) found.set(m.key, m);
  if (!found.size) continue;
  add(`### ${s.name}`, '', '| check | level | verdict | versions (profiles) | got | reading |', '|---|---|---|---|---|---|');
  for (const { c, versions } of found.values()) {
    const reading = readingOf(s.name, c);
    const shown = reading
      ? `**${reading.reading}**: ${reading.rule ? `${reading.rule}. ` : ''}${reading.why}`
      : '**unread**';
    add(
      `| \`${c.id}\` | ${c.level} | ${c.verdict} | ${versions.join(', ')} | ${cell(cut(c.message.replaceAll('\\n', ' '), 200))} | ${cell(shown)} |`,
    );
  }
  add('');
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

// Every tools/call, by tool, and whether the server annotated that tool readOnlyHint.
add('## Tool calls', '', 'Every `tools/call` either program sent, by tool. A run must not change the user\'s data:');
add('a call of a tool not annotated `readOnlyHint: true` is marked.', '');
add('| server | tool | annotations | called by |', '|---|---|---|---|');
for (const s of servers) {
  const mocks = runs
    .filter(([server, program]) => server === s.name && program === 'mock-openai')
    .map(([, , profile]) => readJson(`${out}/${s.name}/mock-${profile}.json`))
    .filter(Boolean);
  const { annotations, calls: callers } = toolCalls([reports.get(s.name) ?? {}, ...mocks]);
  for (const [tool, by] of [...callers].sort()) {
    if (!annotations.has(tool)) {
      add(`| ${s.name} | \`${cut(tool, 40)}\` | not listed by the server: reaches no tool | ${cell([...by].sort().join(', '))} |`);
      continue;
    }
    const a = annotations.get(tool);
    const flags = Object.entries(a)
      .filter(([k]) => k.endsWith('Hint'))
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    const mark = a.readOnlyHint === true ? '' : '**not read-only** ';
    add(`| ${s.name} | \`${tool}\` | ${mark}${flags || 'none'} | ${cell([...by].sort().join(', '))} |`);
  }
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
