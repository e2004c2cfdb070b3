// Sends a fixed set of hand-made requests to an MCP server over Streamable HTTP and records what
// it answers on the wire: the 2026-07-28 rules (envelope, standard headers, removed methods,
// notifications, discover, resultType, cache fields, multi round-trip, listen) and how it meets
// a legacy `initialize`. Then checks that the server is up and speaks 2026-07-28 in the era it
// was started in. Used by scripts/real-server.sh probe.
//
//   node real-server-probe.mjs --url URL --era dual|modern
//
// Prints one markdown table row per request (probe, what was sent, HTTP status, how it was
// framed, the answer), then one line "real-server: PASS ..." or "real-server: FAIL ...: why".
// dual: a legacy initialize must succeed; modern: it must get 400 with -32022 naming 2026-07-28.
// Exit 0 on PASS, 1 on FAIL, 2 on bad usage.
import { parseArgs } from 'node:util';

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const TIMEOUT_MS = 10000;
const ECHO_TEXT = 'hello from the probe';

const { values: options } = parseArgs({ options: { url: { type: 'string' }, era: { type: 'string' } } });
if (!options.url || !['dual', 'modern'].includes(options.era)) {
  console.error('usage: real-server-probe.mjs --url URL --era dual|modern');
  process.exit(2);
}

function envelope(capabilities = {}) {
  return {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientCapabilities': capabilities,
    'io.modelcontextprotocol/clientInfo': { name: 'mcp-conformance-probe', version: '1' },
  };
}

let nextId = 1;
// A 2026-07-28 message: the envelope in params._meta, and the headers a client derives from it.
function modern(method, params = {}, { capabilities, notification = false } = {}) {
  const body = { jsonrpc: '2.0', method, params: { ...params, _meta: envelope(capabilities) } };
  if (!notification) body.id = nextId++;
  const headers = { 'MCP-Protocol-Version': MODERN, 'Mcp-Method': method };
  const name = method === 'resources/read' ? params.uri : params.name;
  if (name !== undefined && ['tools/call', 'prompts/get', 'resources/read'].includes(method)) {
    headers['Mcp-Name'] = name;
  }
  return { body, headers };
}

function legacy(method, params = {}) {
  return { body: { jsonrpc: '2.0', id: nextId++, method, params }, headers: {} };
}

// JSON-RPC messages of an SSE body (each event's data lines joined).
function sseMessages(text) {
  const messages = [];
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
    if (data.length && data.join('')) {
      try { messages.push(JSON.parse(data.join('\n'))); } catch { messages.push({ unparsable: data.join('\n') }); }
    }
  }
  return messages;
}

// One HTTP exchange. `headers` entries set to null are left out; `firstEventOnly` stops reading
// an SSE body after its first message (a listen stream does not end by itself).
async function exchange({ body, headers = {}, method = 'POST', firstEventOnly = false }) {
  const all = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers };
  const sent = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null));
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(options.url, {
      method, headers: sent, signal: abort.signal,
      body: method === 'POST' ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
    });
    const type = response.headers.get('content-type') ?? '';
    let framing = type.includes('event-stream') ? 'SSE' : type.includes('json') ? 'JSON' : 'empty';
    let text = '';
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (firstEventOnly && sseMessages(text).length) { abort.abort(); break; }
    }
    let messages = [];
    if (framing === 'SSE') messages = sseMessages(text);
    else if (text.trim()) { try { messages = [JSON.parse(text)].flat(); } catch { messages = [{ unparsable: text }]; } }
    if (framing === 'empty' && text.trim()) framing = `text (${type || 'no content-type'})`;
    return {
      status: response.status, framing, messages, text,
      sessionId: response.headers.get('mcp-session-id'),
      accelBuffering: response.headers.get('x-accel-buffering'),
      final: messages.filter((m) => 'result' in m || 'error' in m).at(-1) ?? null,
    };
  } catch (error) {
    return { status: 0, framing: 'none', messages: [], final: null, failure: error.message };
  } finally {
    clearTimeout(timer);
  }
}

const short = (value, n = 70) => {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
};

// The answer in one cell: the error (code, message, data) or the result's era-relevant fields.
function describe(answer, resultFacts) {
  if (answer.failure) return `no answer: ${answer.failure}`;
  if (answer.framing.startsWith('text')) return `"${short(answer.text.trim(), 60)}"`;
  const m = answer.final;
  if (!m) return answer.messages.length ? `${answer.messages.length} message(s), no response` : '–';
  if (m.error) {
    const data = m.error.data === undefined ? '' : `, data ${short(m.error.data, 90)}`;
    return `error ${m.error.code} "${short(m.error.message ?? '', 60)}"${data}`;
  }
  const r = m.result ?? {};
  const facts = [];
  if ('resultType' in r) facts.push(`resultType ${r.resultType}`);
  if ('ttlMs' in r || 'cacheScope' in r) facts.push(`ttlMs ${r.ttlMs}, cacheScope ${r.cacheScope}`);
  if ('isError' in r) facts.push(`isError ${r.isError}`);
  if (resultFacts) facts.push(resultFacts(r));
  return facts.filter(Boolean).join('; ') || 'result';
}

const text = (r) => (r.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join(' ');
const named = (list) => (list ?? []).map((x) => x.name ?? x.uriTemplate ?? x.uri).join(', ');
const serverInfo = (r) => (r._meta?.['io.modelcontextprotocol/serverInfo'] ? 'serverInfo in _meta' : 'no serverInfo');

function withHeaders(request, changes) {
  return { ...request, headers: { ...request.headers, ...changes } };
}

// Each probe: [name, what is sent, the request, an optional summary of a result].
function modernProbes() {
  const echo = () => modern('tools/call', { name: 'echo', arguments: { text: ECHO_TEXT } });
  const list = () => modern('tools/list');
  const retry = modern('tools/call', { name: 'ask_name', arguments: {} }, { capabilities: { elicitation: { form: {} } } });
  return [
    ['discover', 'server/discover', modern('server/discover'),
      (r) => `supportedVersions ${short(r.supportedVersions)}; capabilities ${short(Object.keys(r.capabilities ?? {}))}; ${serverInfo(r)}`],
    ['tools/list', 'tools/list', list(), (r) => `tools ${named(r.tools)}; ${serverInfo(r)}`],
    ['echo', `tools/call echo`, echo(), (r) => `text "${short(text(r), 40)}"; ${serverInfo(r)}`],
    ['resources/list', 'resources/list', modern('resources/list'), (r) => `resources ${named(r.resources)}`],
    ['templates', 'resources/templates/list', modern('resources/templates/list'), (r) => `templates ${named(r.resourceTemplates)}`],
    ['read', 'resources/read info://about', modern('resources/read', { uri: 'info://about' }), (r) => `${(r.contents ?? []).length} content(s)`],
    ['read-unknown', 'resources/read of an unknown URI', modern('resources/read', { uri: 'info://missing' }), (r) => `${(r.contents ?? []).length} content(s)`],
    ['prompts/list', 'prompts/list', modern('prompts/list'), (r) => `prompts ${named(r.prompts)}`],
    ['prompts/get', 'prompts/get greet', modern('prompts/get', { name: 'greet', arguments: { name: 'Ada' } }), (r) => `${(r.messages ?? []).length} message(s)`],
    ['no-method-header', 'tools/list without Mcp-Method', withHeaders(list(), { 'Mcp-Method': null })],
    ['method-case', 'Mcp-Method: TOOLS/LIST', withHeaders(list(), { 'Mcp-Method': 'TOOLS/LIST' })],
    ['method-space', 'Mcp-Method with spaces around the value', withHeaders(list(), { 'Mcp-Method': '  tools/list ' })],
    ['name-mismatch', 'tools/call echo with Mcp-Name: add', withHeaders(echo(), { 'Mcp-Name': 'add' })],
    ['name-base64', 'Mcp-Name: =?base64?ZWNobw==?= (echo)', withHeaders(echo(), { 'Mcp-Name': '=?base64?ZWNobw==?=' })],
    ['no-version-header', 'tools/list without MCP-Protocol-Version', withHeaders(list(), { 'MCP-Protocol-Version': null })],
    ['version-mismatch', `header ${LEGACY}, envelope ${MODERN}`, withHeaders(list(), { 'MCP-Protocol-Version': LEGACY })],
    ['unsupported-version', 'version 2099-01-01 in header and envelope', (() => {
      const r = list();
      r.body.params._meta['io.modelcontextprotocol/protocolVersion'] = '2099-01-01';
      return withHeaders(r, { 'MCP-Protocol-Version': '2099-01-01' });
    })()],
    ['no-capabilities', 'envelope without clientCapabilities', (() => {
      const r = list();
      delete r.body.params._meta['io.modelcontextprotocol/clientCapabilities'];
      return r;
    })()],
    ['initialize-modern', 'initialize with the 2026 envelope and headers', modern('initialize', { protocolVersion: MODERN, capabilities: {}, clientInfo: { name: 'p', version: '1' } })],
    ['ping', 'ping', modern('ping')],
    ['set-level', 'logging/setLevel', modern('logging/setLevel', { level: 'info' })],
    ['subscribe', 'resources/subscribe', modern('resources/subscribe', { uri: 'info://about' })],
    ['unknown-method', 'an unknown method', modern('example/unknown')],
    ['unknown-tool', 'tools/call of an unknown tool', modern('tools/call', { name: 'no_such_tool', arguments: {} }), (r) => `text "${short(text(r), 40)}"`],
    ['bad-arguments', 'tools/call echo with text: 5', modern('tools/call', { name: 'echo', arguments: { text: 5 } }), (r) => `text "${short(text(r), 40)}"`],
    ['notification', 'notifications/cancelled', modern('notifications/cancelled', { requestId: 999 }, { notification: true })],
    ['session-header', 'tools/list with a bogus Mcp-Session-Id', withHeaders(list(), { 'Mcp-Session-Id': 'bogus-session' }), (r) => `tools ${named(r.tools)}`],
    ['batch', 'a JSON array of two 2026 requests', { body: [list().body, list().body], headers: { 'MCP-Protocol-Version': MODERN, 'Mcp-Method': 'tools/list' } }],
    ['origin', 'tools/list with Origin: http://evil.example', withHeaders(list(), { Origin: 'http://evil.example' })],
    ['mrtr-no-capability', 'ask_name without the elicitation capability', modern('tools/call', { name: 'ask_name', arguments: {} })],
    ['mrtr', 'ask_name declaring elicitation', retry,
      (r) => `inputRequests ${short(Object.fromEntries(Object.entries(r.inputRequests ?? {}).map(([k, v]) => [k, v.method])))}; requestState ${'requestState' in r}`],
    ['get', 'GET with Accept: text/event-stream', { method: 'GET', headers: { Accept: 'text/event-stream', 'MCP-Protocol-Version': MODERN } }],
    ['delete', 'DELETE', { method: 'DELETE', headers: { 'MCP-Protocol-Version': MODERN } }],
  ];
}

// The retry of a multi round-trip call with the user's answer (and the state, when one came).
function mrtrRetry(first) {
  const r = first?.final?.result;
  if (r?.resultType !== 'input_required') return null;
  const key = Object.keys(r.inputRequests ?? {})[0] ?? 'user_name';
  const request = modern('tools/call', { name: 'ask_name', arguments: {}, inputResponses: { [key]: { action: 'accept', content: { name: 'Ada' } } } },
    { capabilities: { elicitation: { form: {} } } });
  if ('requestState' in r) request.body.params.requestState = r.requestState;
  return request;
}

async function run() {
  const rows = [];
  const answers = {};
  const record = async (name, sent, request, resultFacts) => {
    const answer = await exchange(request);
    answers[name] = answer;
    const session = answer.sessionId ? `; Mcp-Session-Id ${short(answer.sessionId, 12)}` : '';
    // An error must carry the id of the request it answers, when that could be read.
    const sentId = Array.isArray(request.body) ? undefined : request.body?.id;
    const idNote = answer.final && sentId !== undefined && answer.final.id !== sentId ? `; id ${JSON.stringify(answer.final.id)}, sent ${sentId}` : '';
    const accel = answer.framing === 'SSE' ? `, x-accel-buffering ${answer.accelBuffering ?? 'absent'}` : '';
    rows.push(`| ${name} | ${sent} | ${answer.status} | ${answer.framing}${accel} | ${describe(answer, resultFacts)}${idNote}${session} |`);
  };
  for (const [name, sent, request, facts] of modernProbes()) await record(name, sent, request, facts);
  const retry = mrtrRetry(answers.mrtr);
  if (retry) await record('mrtr-retry', 'ask_name again with inputResponses', retry, (r) => `text "${short(text(r), 40)}"`);
  const listen = modern('subscriptions/listen', { notifications: { toolsListChanged: true } });
  await record('listen', 'subscriptions/listen {toolsListChanged}', { ...listen, firstEventOnly: true });
  const first = answers.listen.messages[0];
  if (first) rows.push(`| listen | (its first event) | | | ${first.method ?? 'a response'}; subscriptionId ${short(first.params?._meta?.['io.modelcontextprotocol/subscriptionId'] ?? 'absent')} (listen id ${listen.body.id}) |`);

  const init = legacy('initialize', { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 'p', version: '1' } });
  await record('legacy-initialize', `initialize ${LEGACY}, no 2026 headers`, init,
    (r) => `protocolVersion ${r.protocolVersion}; serverInfo ${short(r.serverInfo?.name)}`);
  await record('legacy-no-session', `tools/list at ${LEGACY} with no initialize and no session`,
    { ...legacy('tools/list'), headers: { 'MCP-Protocol-Version': LEGACY } }, (r) => `tools ${named(r.tools)}`);
  const negotiated = answers['legacy-initialize'].final?.result?.protocolVersion;
  if (negotiated) {
    const session = answers['legacy-initialize'].sessionId;
    const list = legacy('tools/list');
    list.headers = { 'MCP-Protocol-Version': negotiated, ...(session ? { 'Mcp-Session-Id': session } : {}) };
    await record('legacy-tools/list', `tools/list at ${negotiated}${session ? ' in the session' : ', no session'}`, list,
      (r) => `tools ${named(r.tools)}`);
    await record('legacy-ping', `ping at ${negotiated}`, { ...legacy('ping'), headers: list.headers });
    // ChatGPT's 2026-08 calls are legacy requests whose _meta holds a clientCapabilities key.
    const openaiCall = legacy('tools/call', { name: 'echo', arguments: { text: ECHO_TEXT },
      _meta: { 'io.modelcontextprotocol/clientCapabilities': {}, 'openai/locale': 'en-US' } });
    openaiCall.headers = list.headers;
    await record('legacy-meta-call', `tools/call echo at ${negotiated}, _meta with clientCapabilities only`, openaiCall,
      (r) => `text "${short(text(r), 40)}"`);
    const initialized = { body: { jsonrpc: '2.0', method: 'notifications/initialized' }, headers: list.headers };
    await record('legacy-initialized', `notifications/initialized at ${negotiated}`, initialized);
  }
  return { rows, answers };
}

function verdict({ answers }) {
  const why = [];
  const check = (ok, problem) => { if (!ok) why.push(problem); };
  const result = (name) => answers[name]?.final?.result;
  check(answers.discover?.status === 200 && result('discover')?.supportedVersions?.includes(MODERN),
    `server/discover did not offer ${MODERN} (status ${answers.discover?.status})`);
  const echoTool = (result('tools/list')?.tools ?? []).find((t) => t.name === 'echo');
  check(echoTool?.annotations?.readOnlyHint === true, 'tools/list has no read-only echo tool');
  check(text(result('echo') ?? {}) === ECHO_TEXT, `echo answered ${short(text(result('echo') ?? {}))}`);
  const init = answers['legacy-initialize'];
  if (options.era === 'modern') {
    const error = init?.final?.error;
    check(init?.status === 400 && error?.code === -32022 && error?.data?.supported?.includes(MODERN),
      `a legacy initialize got ${init?.status} ${short(error ?? init?.final?.result ?? '')}, not 400 -32022 naming ${MODERN}`);
  } else {
    const version = init?.final?.result?.protocolVersion;
    check(init?.status === 200 && typeof version === 'string' && version < MODERN,
      `a legacy initialize got ${init?.status} ${short(init?.final ?? '')}, not a legacy protocolVersion`);
  }
  return why;
}

const outcome = await run();
console.log('| probe | sent | HTTP | framing | answer |');
console.log('|---|---|---|---|---|');
for (const row of outcome.rows) console.log(row);
const why = verdict(outcome);
const what = `${options.era} server at ${options.url}`;
if (why.length) {
  console.log(`real-server: FAIL ${what}: ${why.join('; ')}`);
  process.exit(1);
}
const legacyOutcome = options.era === 'modern'
  ? 'refused with -32022'
  : `served at ${outcome.answers['legacy-initialize'].final.result.protocolVersion}`;
console.log(`real-server: PASS ${what}: server/discover offers ${MODERN}, echo answered, legacy initialize ${legacyOutcome}`);
