// Which tools a run of mcp-conformance or mock-openai called, read from their JSON reports, and
// whether each was annotated readOnlyHint: true in the server's own tools/list answers (also in
// those reports). A run must not change the user's data, so it may call read-only tools only.
//
//   node tool-calls.mjs REPORT.json...
//       prints every tool called and by which check or profile; exits 1 when one of them is a
//       tool the server listed without readOnlyHint: true (a name it never listed, such as the
//       unknown tool a check invents, reaches no tool), 2 on bad usage or an unreadable report
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// Every JSON-RPC message of a conformance exchange: the request body (maybe a batch), and the
// answer, a body or SSE events.
function* messages(exchange) {
  const parts = [
    exchange.request?.body,
    exchange.response?.body,
    ...(exchange.response?.events ?? []).map((e) => e.data),
  ];
  for (const part of parts) {
    if (!part) continue;
    let value;
    try {
      value = JSON.parse(part);
    } catch {
      continue;
    }
    for (const m of Array.isArray(value) ? value : [value]) if (m && typeof m === 'object') yield m;
  }
}

// {annotations: Map tool -> annotations, calls: Map tool -> Set of callers} of parsed reports:
// mcp-conformance-report (callers are check ids) and mock-openai-result (callers "mock-openai
// PROFILE").
export function toolCalls(reports) {
  const annotations = new Map();
  const calls = new Map();
  const called = (tool, by) => {
    if (!calls.has(tool)) calls.set(tool, new Set());
    calls.get(tool).add(by);
  };
  for (const report of reports) {
    for (const suite of report.suites ?? [])
      for (const c of suite.cases)
        for (const exchange of c.exchanges)
          for (const m of messages(exchange)) {
            for (const t of m.result?.tools ?? []) if (t?.name) annotations.set(t.name, t.annotations ?? {});
            if (m.method === 'tools/call' && typeof m.params?.name === 'string') called(m.params.name, c.id);
          }
    for (const item of report.items ?? []) {
      for (const t of item.tools ?? []) if (t?.name) annotations.set(t.name, t.annotations ?? {});
      if (item.type === 'mcp_call') called(item.name, `mock-openai ${report.profile}`);
    }
  }
  return { annotations, calls };
}

// The tools among the calls that the server listed and did not annotate readOnlyHint: true.
export const unsafeCalls = ({ annotations, calls }) =>
  [...calls].filter(([tool]) => annotations.has(tool) && annotations.get(tool).readOnlyHint !== true);

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = process.argv.slice(2);
  if (!files.length) {
    console.error('usage: tool-calls.mjs REPORT.json...');
    process.exit(2);
  }
  let reports;
  try {
    reports = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  } catch (e) {
    console.error(`tool-calls: ${e.message}`);
    process.exit(2);
  }
  const found = toolCalls(reports);
  for (const [tool, by] of found.calls) {
    const a = found.annotations.get(tool);
    const what = !a ? 'not listed' : a.readOnlyHint === true ? 'readOnlyHint' : 'NOT read-only';
    console.log(`${tool} (${what}): ${[...by].sort().join(', ')}`);
  }
  const unsafe = unsafeCalls(found);
  for (const [tool] of unsafe) console.log(`tool-calls: FAIL: ${tool} is not annotated readOnlyHint but was called`);
  process.exit(unsafe.length ? 1 : 0);
}
