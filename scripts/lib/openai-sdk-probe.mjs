// Drives `mock-openai serve` with the official OpenAI SDK (npm `openai`) pointed at it by its
// base URL, against an MCP server, and checks what the SDK made of the answers, with the SDK's
// own objects: its Stream, its ResponseStream helper, `output_text`, its APIError class. The
// agents-* cases do the same through the JavaScript Agents SDK's hostedMcpTool
// (openai-agents-cases.mjs). For scripts/openai-sdk-interop.sh.
//
//   node openai-sdk-probe.mjs [--sdk DIR] [--agents DIR] --base-url URL --mcp-url URL
//                             --transcript-dir DIR [--case NAME]...
//
// --sdk is the npm folder `openai` is installed in (DIR/node_modules/openai), --agents the one
// `@openai/agents` is (with the `openai` it runs on); each is needed by its cases only. The
// cases (all when none is named): create, stream, approval, connector-error, headers,
// agents-run, agents-stream, agents-approval. Prints one line per case ("  ok   NAME: what it
// saw" or "  FAIL NAME: what was wrong"), then "openai-sdk: PASS ..." or "openai-sdk: FAIL ...:
// why". Exit 0 on PASS, 1 on FAIL, 2 on bad usage.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const SDK_CASES = ['create', 'stream', 'approval', 'connector-error', 'headers'];
const AGENTS_CASES = ['agents-run', 'agents-stream', 'agents-approval'];
export const MODEL = 'gpt-probe';
export const LABEL = 'ref';
const TIMEOUT_MS = 20000;

// The Responses API's events for one list, one call and one message, in OpenAI's order
// (docs/evidence/openai-clients.md, stream events).
const ITEM_EVENTS = {
  mcp_list_tools: ['response.output_item.added', 'response.mcp_list_tools.in_progress',
                   'response.mcp_list_tools.completed', 'response.output_item.done'],
  mcp_call: ['response.output_item.added', 'response.mcp_call.in_progress',
             'response.mcp_call_arguments.delta', 'response.mcp_call_arguments.done',
             'response.mcp_call.completed', 'response.output_item.done'],
  message: ['response.output_item.added', 'response.content_part.added',
            'response.output_text.delta', 'response.output_text.done',
            'response.content_part.done', 'response.output_item.done'],
};
const EXPECTED_EVENTS = ['response.created', 'response.in_progress', ...ITEM_EVENTS.mcp_list_tools,
                         ...ITEM_EVENTS.mcp_call, ...ITEM_EVENTS.message, 'response.completed'];

function parseArguments(argv) {
  const out = { sdk: '', agents: '', baseUrl: '', mcpUrl: '', transcriptDir: '', cases: [] };
  const flags = { '--sdk': 'sdk', '--agents': 'agents', '--base-url': 'baseUrl', '--mcp-url': 'mcpUrl',
                  '--transcript-dir': 'transcriptDir' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a in flags) out[flags[a]] = argv[++i] ?? '';
    else if (a === '--case') out.cases.push(argv[++i] ?? '');
    else throw new Error(`unknown argument '${a}'`);
  }
  const all = [...SDK_CASES, ...AGENTS_CASES];
  for (const c of out.cases) {
    if (!all.includes(c)) throw new Error(`unknown case '${c}' (one of ${all.join(', ')})`);
  }
  if (!out.cases.length) out.cases = all;
  const needs = (cases, folder) => !out.cases.some((c) => cases.includes(c)) || folder;
  if (!out.baseUrl || !out.mcpUrl || !out.transcriptDir || !needs(SDK_CASES, out.sdk) ||
      !needs(AGENTS_CASES, out.agents)) {
    throw new Error('usage: [--sdk DIR] [--agents DIR] --base-url URL --mcp-url URL --transcript-dir DIR ' +
                    '[--case NAME]... (--sdk for the SDK cases, --agents for the agents-* ones)');
  }
  return out;
}

// Collects what is wrong in one case; a case passes when nothing was noted.
export class Findings {
  problems = [];
  expect(ok, problem) {
    if (!ok) this.problems.push(problem);
    return ok;
  }
}

const mcpTool = (serverUrl, extra = {}) => ({ type: 'mcp', server_label: LABEL, server_url: serverUrl, ...extra });
export const callInput = (text) => `@call echo ${JSON.stringify({ text })}`;
const typesOf = (response) => (response?.output ?? []).map((item) => item.type);
const itemOf = (response, type) => (response?.output ?? []).find((item) => item.type === type);
export const show = (value) => JSON.stringify(value);

// What a response looks like, not its ids or times: its fields (less those the SDK adds), each
// item's type and fields, the call's name, arguments and output, and the message's text.
const SDK_ADDED = ['output_text', 'output_parsed'];
function shapeOf(response) {
  return {
    fields: Object.keys(response ?? {}).filter((k) => !SDK_ADDED.includes(k)).sort(),
    status: response?.status,
    items: (response?.output ?? []).map((item) => ({
      type: item.type,
      fields: Object.keys(item).sort(),
      name: item.name,
      arguments: item.arguments,
      output: item.output,
      text: item.content?.map((c) => c.text).join(''),
    })),
  };
}

// Where two shapes differ, briefly.
function shapeDifference(a, b) {
  const only = (x, y) => x.fields.filter((f) => !y.fields.includes(f));
  const parts = [];
  if (only(a, b).length || only(b, a).length) {
    parts.push(`fields only here ${show(only(a, b))}, only there ${show(only(b, a))}`);
  }
  if (a.status !== b.status) parts.push(`status ${a.status} vs ${b.status}`);
  const count = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < count; i++) {
    if (!isDeepStrictEqual(a.items[i], b.items[i])) parts.push(`item ${i}: ${show(a.items[i])} vs ${show(b.items[i])}`);
  }
  return parts.join(', ');
}

// The list, call and message of an `@call echo` turn with require_approval: never.
function checkCallTurn(findings, response, text) {
  findings.expect(response?.object === 'response' && response?.status === 'completed',
                  `object ${response?.object}, status ${response?.status}`);
  findings.expect(isDeepStrictEqual(typesOf(response), ['mcp_list_tools', 'mcp_call', 'message']),
                  `output items ${show(typesOf(response))}, expected mcp_list_tools, mcp_call, message`);
  const list = itemOf(response, 'mcp_list_tools');
  findings.expect(list?.server_label === LABEL && list?.tools?.some((t) => t.name === 'echo'),
                  'mcp_list_tools does not list echo');
  const call = itemOf(response, 'mcp_call');
  findings.expect(call?.name === 'echo' && call?.server_label === LABEL,
                  `mcp_call of ${call?.server_label}/${call?.name}, expected ${LABEL}/echo`);
  findings.expect(call?.output === text && call?.error == null,
                  `mcp_call output ${show(call?.output)}, error ${show(call?.error)}`);
  let args = null;
  try { args = JSON.parse(call?.arguments ?? ''); } catch { /* noted below */ }
  findings.expect(args?.text === text, `mcp_call arguments ${show(call?.arguments)}`);
  return { list, call };
}

async function caseCreate({ client, args }) {
  const findings = new Findings();
  const response = await client.responses.create({
    model: MODEL, input: callInput('hello'), tools: [mcpTool(args.mcpUrl, { require_approval: 'never' })],
  });
  const { list } = checkCallTurn(findings, response, 'hello');
  findings.expect(typeof response.output_text === 'string' && response.output_text.includes('hello'),
                  `the SDK's output_text is ${show(response.output_text)}`);
  findings.expect(Number.isInteger(response.usage?.total_tokens), 'no usage.total_tokens');
  const again = await client.responses.retrieve(response.id);
  findings.expect(again.id === response.id && isDeepStrictEqual(again.output, response.output),
                  'responses.retrieve gave another response');
  return { findings, saw: `${typesOf(response).join(', ')} (${list?.tools?.length} tools); ` +
                         `output_text ${show(response.output_text)}; retrieve ok` };
}

// Where a stream's event types leave EXPECTED_EVENTS ("" when they do not).
export function eventOrderProblem(types) {
  const at = EXPECTED_EVENTS.findIndex((type, i) => types[i] !== type);
  if (at < 0 && types.length === EXPECTED_EVENTS.length) return '';
  const index = at < 0 ? EXPECTED_EVENTS.length : at;
  return `event ${index} is ${show(types[index] ?? 'none')}, expected ${show(EXPECTED_EVENTS[index] ?? 'none')} ` +
         `(${types.length} events)`;
}

// The events of one stream: their order, numbering and items, and the response they end with.
function checkEvents(findings, events, what) {
  const order = eventOrderProblem(events.map((e) => e.type));
  findings.expect(!order, `${what}: ${order}`);
  const numbers = events.map((e) => e.sequence_number);
  findings.expect(numbers[0] === 0 && numbers.every((n, i) => i === 0 || n > numbers[i - 1]),
                  `${what}: sequence_number ${show(numbers)} does not increase from 0`);
  const added = new Map();
  for (const e of events) {
    if (e.type === 'response.output_item.added') added.set(e.output_index, e.item?.id);
    else if ('item_id' in e) {
      findings.expect(added.get(e.output_index) === e.item_id,
                      `${what}: ${e.type} names item ${e.item_id} at output_index ${e.output_index}`);
    }
  }
  const completed = events.at(-1)?.response;
  const done = events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item);
  findings.expect(isDeepStrictEqual(completed?.output, done),
                  `${what}: response.completed's output differs from the output_item.done items`);
  return completed;
}

async function caseStream({ client, args, sdk }) {
  const findings = new Findings();
  const params = { model: MODEL, input: callInput('hello'), tools: [mcpTool(args.mcpUrl, { require_approval: 'never' })] };
  const plain = await client.responses.create(params);

  const stream = await client.responses.create({ ...params, stream: true });
  findings.expect(stream instanceof sdk.Stream, 'stream: true did not give the SDK\'s Stream');
  const events = [];
  for await (const event of stream) events.push(event);
  const completed = checkEvents(findings, events, 'create stream');
  checkCallTurn(findings, completed, 'hello');
  const streamedDifference = shapeDifference(shapeOf(completed), shapeOf(plain));
  findings.expect(!streamedDifference, `the streamed response differs from the non-streaming one: ${streamedDifference}`);
  let saw = `${events.length} events in order, sequence 0..${events.at(-1)?.sequence_number}`;

  if (findings.expect(typeof client.responses.stream === 'function', 'no responses.stream helper')) {
    const helper = client.responses.stream(params);
    const helperEvents = [];
    for await (const event of helper) helperEvents.push(event);
    const final = await helper.finalResponse();
    checkEvents(findings, helperEvents, 'responses.stream');
    checkCallTurn(findings, final, 'hello');
    findings.expect(final.output_text?.includes('hello'),
                    `finalResponse().output_text is ${show(final.output_text)}`);
    const finalDifference = shapeDifference(shapeOf(final), shapeOf(plain));
    findings.expect(!finalDifference, `finalResponse() differs from the non-streaming response: ${finalDifference}`);
    saw += `; responses.stream: ${helperEvents.length} events, finalResponse() output_text ${show(final.output_text)}`;
    // A stored response streamed again, as the helper resumes one by id.
    const again = client.responses.stream({ response_id: plain.id });
    const againEvents = [];
    for await (const event of again) againEvents.push(event);
    const resumed = await again.finalResponse();
    checkEvents(findings, againEvents, 'responses.stream({response_id})');
    findings.expect(resumed.id === plain.id, `responses.stream({response_id}) gave ${show(resumed.id)}`);
    checkCallTurn(findings, resumed, 'hello');
    saw += `; responses.stream({response_id}): ${againEvents.length} events`;
  }
  return { findings, saw };
}

async function caseApproval({ client, args }) {
  const findings = new Findings();
  const tools = [mcpTool(args.mcpUrl)];  // require_approval left to its default, "always"
  const first = await client.responses.create({ model: MODEL, input: callInput('approved'), tools });
  findings.expect(isDeepStrictEqual(typesOf(first), ['mcp_list_tools', 'mcp_approval_request']),
                  `first turn: output items ${show(typesOf(first))}, expected mcp_list_tools, mcp_approval_request`);
  const request = itemOf(first, 'mcp_approval_request');
  findings.expect(request?.name === 'echo' && request?.server_label === LABEL &&
                  request?.arguments?.includes('approved'),
                  `the approval request is ${show(request)}`);
  if (!request) return { findings, saw: '' };

  const second = await client.responses.create({
    model: MODEL, previous_response_id: first.id, tools,
    input: [{ type: 'mcp_approval_response', approval_request_id: request.id, approve: true }],
  });
  findings.expect(second.previous_response_id === first.id,
                  `previous_response_id echoed as ${show(second.previous_response_id)}`);
  findings.expect(!typesOf(second).includes('mcp_list_tools'),
                  'the second turn listed the tools again (the list is in the conversation already)');
  findings.expect(isDeepStrictEqual(typesOf(second), ['mcp_call', 'message']),
                  `second turn: output items ${show(typesOf(second))}, expected mcp_call, message`);
  const call = itemOf(second, 'mcp_call');
  findings.expect(call?.approval_request_id === request.id,
                  `mcp_call.approval_request_id ${show(call?.approval_request_id)}, expected ${request.id}`);
  findings.expect(call?.name === 'echo' && call?.output === 'approved' && call?.error == null,
                  `mcp_call ${call?.name} output ${show(call?.output)}, error ${show(call?.error)}`);
  findings.expect(second.output_text.includes('approved'), `output_text is ${show(second.output_text)}`);
  return { findings, saw: `${typesOf(first).join(', ')} -> approve -> ${typesOf(second).join(', ')} ` +
                         `(no second mcp_list_tools); output_text ${show(second.output_text)}` };
}

// A loopback port nothing listens on: bound, then closed.
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function caseConnectorError({ client, args, sdk }) {
  const findings = new Findings();
  const url = `http://127.0.0.1:${await closedPort()}/mcp`;
  const params = { model: MODEL, input: 'hi', tools: [mcpTool(url)] };
  let thrown = null;
  try {
    const response = await client.responses.create(params);
    findings.expect(false, `create answered a response with output ${show(typesOf(response))}`);
  } catch (e) { thrown = e; }
  if (thrown) {
    findings.expect(thrown instanceof sdk.OpenAI.APIError,
                    `create threw ${thrown.constructor?.name}, not OpenAI.APIError: ${thrown.message}`);
    findings.expect(thrown.status === 424, `status ${thrown.status}, expected 424`);
    findings.expect(thrown.error?.type === 'external_connector_error' && thrown.type === thrown.error?.type,
                    `error.type ${show(thrown.error?.type)}`);
    findings.expect(thrown.param === 'tools' && thrown.code === 'http_error',
                    `param ${show(thrown.param)}, code ${show(thrown.code)}`);
    findings.expect(thrown.message.includes(`'${LABEL}'`), `message ${show(thrown.message)} names no server`);
  }

  // Streamed, the failure comes after the stream began: an `error` event, which the SDK raises.
  const events = [];
  let streamed = null;
  try {
    for await (const event of await client.responses.create({ ...params, stream: true })) events.push(event.type);
    findings.expect(false, `the stream ended without an error after ${show(events)}`);
  } catch (e) { streamed = e; }
  if (streamed) {
    findings.expect(streamed instanceof sdk.OpenAI.APIError,
                    `the stream threw ${streamed.constructor?.name}, not OpenAI.APIError: ${streamed.message}`);
    findings.expect(streamed.error?.type === 'external_connector_error',
                    `streamed error.type ${show(streamed.error?.type)}`);
    findings.expect(events.includes('response.mcp_list_tools.failed'),
                    `no response.mcp_list_tools.failed before the error: ${show(events)}`);
  }
  return { findings, saw: `${thrown?.constructor?.name} ${thrown?.status} ${thrown?.type}; ` +
                         `streamed: ${streamed?.constructor?.name} ${streamed?.error?.type} after ${events.length} events` };
}

function headerValue(pairs, name) {
  const found = (pairs ?? []).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return found ? found[1] : undefined;
}

async function caseHeaders({ client, args }) {
  const findings = new Findings();
  const token = `probe-secret-${randomUUID()}`;
  const response = await client.responses.create({
    model: MODEL, input: callInput('hello'),
    tools: [mcpTool(args.mcpUrl, { require_approval: 'never', headers: { 'X-Probe': 'v' }, authorization: token })],
  });
  checkCallTurn(findings, response, 'hello');
  findings.expect(!JSON.stringify(response).includes(token), 'the Response object shows the authorization token');

  const file = path.join(args.transcriptDir, `${response.id}.json`);
  let text = '';
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { findings.expect(false, `no transcript ${file}: ${e.message}`); }
  let transcript = null;
  try { transcript = JSON.parse(text); } catch { findings.expect(!text, `${file} is not JSON`); }
  const requests = (transcript?.flows ?? []).flatMap((f) => f.transcript?.exchanges ?? []).map((x) => x.request);
  findings.expect(requests.length > 0, `${file} records no request to the MCP server`);
  const carried = requests.filter((r) => headerValue(r?.headers, 'X-Probe') === 'v').length;
  findings.expect(carried === requests.length, `${carried} of ${requests.length} requests carried X-Probe: v`);
  const authorized = requests.filter((r) => headerValue(r?.headers, 'Authorization') !== undefined).length;
  findings.expect(authorized === requests.length, `${authorized} of ${requests.length} requests carried Authorization`);
  findings.expect(!text.includes(token), `${file} shows the authorization token`);
  return { findings, saw: `${requests.length} MCP requests, each with X-Probe: v and Authorization ` +
                         `(${show(headerValue(requests[0]?.headers, 'Authorization'))}); token in neither file nor response` };
}

const SDK_RUN = { create: caseCreate, stream: caseStream, approval: caseApproval,
                  'connector-error': caseConnectorError, headers: caseHeaders };

const versionIn = (folder, name) =>
  JSON.parse(fs.readFileSync(path.join(folder, 'node_modules', name, 'package.json'), 'utf8')).version;

// An OpenAI client on the mock, from the `openai` installed in `folder`. Retries are off: a
// retried request would hide what the mock answered first.
function clientFrom(folder, args) {
  const require = createRequire(path.join(path.resolve(folder), 'package.json'));
  const OpenAI = require('openai');
  const client = new OpenAI({ baseURL: args.baseUrl, apiKey: 'sk-probe-not-checked', maxRetries: 0,
                              timeout: TIMEOUT_MS });
  return { require, OpenAI, client };
}

// What each case runs with, and the packages it is run against.
async function contexts(args) {
  const out = { versions: [] };
  if (args.sdk) {
    const { require, OpenAI, client } = clientFrom(args.sdk, args);
    out.sdk = { client, args, sdk: { OpenAI, Stream: require('openai/streaming').Stream } };
    out.versions.push(`openai@${versionIn(args.sdk, 'openai')}`);
  }
  if (args.agents) {
    // The Agents SDK runs on the `openai` beside it; its client is the default it uses.
    const { require, client } = clientFrom(args.agents, args);
    const agents = require('@openai/agents');
    agents.setTracingDisabled(true);  // tracing would export to OpenAI's servers
    agents.setDefaultOpenAIClient(client);
    agents.setOpenAIAPI('responses');
    out.agents = { args, agents, run: await import('./openai-agents-cases.mjs') };
    out.versions.push(`@openai/agents@${versionIn(args.agents, '@openai/agents')} ` +
                      `(openai@${versionIn(args.agents, 'openai')})`);
  }
  return out;
}

async function runCase(name, ctx) {
  try {
    if (SDK_RUN[name]) return await SDK_RUN[name](ctx.sdk);
    return await ctx.agents.run.AGENTS_RUN[name](ctx.agents);
  } catch (e) {
    const findings = new Findings();
    findings.expect(false, `threw ${e.constructor?.name}: ${e.message}`);
    return { findings, saw: '' };
  }
}

async function main() {
  let args;
  try { args = parseArguments(process.argv.slice(2)); } catch (e) {
    console.error(`openai-sdk-probe: ${e.message}`);
    return 2;
  }
  const ctx = await contexts(args);
  const failed = [];
  for (const name of args.cases) {
    const { findings, saw } = await runCase(name, ctx);
    const problems = findings.problems;
    if (problems.length) failed.push(`${name}: ${problems[0]}`);
    console.log(problems.length ? `  FAIL ${name}: ${problems.join('; ')}` : `  ok   ${name}: ${saw}`);
  }
  const what = `${ctx.versions.join(', ')} vs mock-openai serve`;
  if (failed.length) {
    console.log(`openai-sdk: FAIL ${what}: ${failed.length} of ${args.cases.length} cases failed (${failed.join('; ')})`);
    return 1;
  }
  const count = `${args.cases.length} ${args.cases.length === 1 ? 'case' : 'cases'}`;
  console.log(`openai-sdk: PASS ${what}: ${count} (${args.cases.join(', ')})`);
  return 0;
}

// Not a top-level await: openai-agents-cases.mjs imports this module while main() runs.
main().then(
  (code) => { process.exitCode = code; },
  (e) => {
    console.log(`openai-sdk: FAIL the probe could not run: ${e.message}`);
    process.exitCode = 1;
  });
