// Connects the official TypeScript SDK v2 client (@modelcontextprotocol/client) to an MCP
// server in one version-negotiation mode and prints one JSON line of what happened, for
// scripts/sdk-client-interop.sh to check.
//
//   node sdk-client-probe.mjs --sdk DIR --mode auto|legacy (--url URL | --stdio CMD [ARG]...)
//
// DIR is the npm folder the client is installed in (DIR/node_modules/@modelcontextprotocol/...).
// The line: {mode, transport, era, protocolVersion, supportedVersions, serverName, tools,
// echo: {sent, answer}, inputCall: {tool, answered, rounds, isError, text}, wire, errors}.
// `wire` (HTTP only, else null) lists each request in the order sent: the JSON-RPC method, with
// "+inputResponses" on a multi round-trip retry ("response" for an answer to a server request,
// "GET" for a stream), then the HTTP status. Exit 0 when the line was printed, whatever it says.
import { createRequire } from 'node:module';
import path from 'node:path';

// The tool that asks the client a question in both eras: a server request on the call's
// SSE stream in the 2025 era, an input_required result and a retry in 2026-07-28.
const INPUT_TOOL = 'test_elicitation';
const ECHO_TEXT = 'hello from the SDK client';
const ELICITED = { username: 'sdk-probe', email: 'probe@example.invalid' };
const TIMEOUT_MS = 20000;

function parseArguments(argv) {
  const out = { sdk: '', mode: '', url: '', stdio: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sdk') out.sdk = argv[++i] ?? '';
    else if (a === '--mode') out.mode = argv[++i] ?? '';
    else if (a === '--url') out.url = argv[++i] ?? '';
    else if (a === '--stdio') { out.stdio = argv.slice(i + 1); break; }
    else throw new Error(`unknown argument '${a}'`);
  }
  if (!out.sdk || !['auto', 'legacy'].includes(out.mode) || !out.url === !out.stdio.length) {
    throw new Error('usage: --sdk DIR --mode auto|legacy (--url URL | --stdio CMD [ARG]...)');
  }
  return out;
}

// A fetch that notes each request's JSON-RPC method and the HTTP status it got.
function recordingFetch(wire) {
  return async (input, init) => {
    let label = init?.method ?? 'GET';
    if (typeof init?.body === 'string') {
      try {
        const body = JSON.parse(init.body);
        label = body.method ?? 'response';
        if (body.params?.inputResponses) label += '+inputResponses';
      } catch { label = 'unparsable body'; }
    }
    // Noted when sent, so the order is the order of sending; the status follows.
    const entry = wire.push(label) - 1;
    const response = await fetch(input, init);
    wire[entry] += ` ${response.status}`;
    return response;
  };
}

function firstText(result) {
  const block = (result?.content ?? []).find((c) => c.type === 'text');
  return block ? block.text : null;
}

async function main() {
  const args = parseArguments(process.argv.slice(2));
  // The client lives in the npm cache, not beside this file, so it is resolved from there
  // (through the package's own exports map).
  const require = createRequire(path.join(path.resolve(args.sdk), 'package.json'));
  const { Client, StreamableHTTPClientTransport } = require('@modelcontextprotocol/client');
  const { StdioClientTransport } = require('@modelcontextprotocol/client/stdio');

  const facts = {
    mode: args.mode, transport: args.url ? 'http' : 'stdio', era: null, protocolVersion: null,
    supportedVersions: null, serverName: null, tools: null,
    echo: { sent: ECHO_TEXT, answer: null },
    inputCall: { tool: INPUT_TOOL, answered: ELICITED, rounds: 0, isError: null, text: null },
    wire: args.url ? [] : null, errors: [],
  };
  const client = new Client(
    { name: 'mcp-conformance-sdk-probe', version: '1.0.0' },
    {
      capabilities: { elicitation: { form: {} } },
      versionNegotiation: { mode: args.mode },
    },
  );
  // What the SDK reports without failing a call (a message it could not place, a dropped
  // server request): a well-behaved server causes none. Closing aborts what is still in
  // flight, e.g. the POST of an answer the server has already used (2025: the tool's result
  // may arrive before that POST's 202), so reports from then on are not the server's doing.
  let closing = false;
  client.onerror = (e) => {
    if (!closing) facts.errors.push(`client: ${e?.message ?? String(e)}`);
  };
  // The same handler answers both eras: the SDK feeds it a server request (2025) or an
  // input request of an input_required result (2026-07-28).
  client.setRequestHandler('elicitation/create', async () => {
    facts.inputCall.rounds++;
    return { action: 'accept', content: ELICITED };
  });
  const transport = args.url
    ? new StreamableHTTPClientTransport(new URL(args.url), { fetch: recordingFetch(facts.wire) })
    : new StdioClientTransport({ command: args.stdio[0], args: args.stdio.slice(1), stderr: 'ignore' });

  const step = async (name, action) => {
    try { await action(); }
    catch (e) { facts.errors.push(`${name}: ${e?.message ?? String(e)}`); }
  };
  await step('connect', async () => {
    await client.connect(transport, { timeout: TIMEOUT_MS });
    facts.era = client.getProtocolEra() ?? null;
    facts.protocolVersion = client.getNegotiatedProtocolVersion() ?? null;
    facts.supportedVersions = client.getDiscoverResult()?.supportedVersions ?? null;
    facts.serverName = client.getServerVersion()?.name ?? null;
  });
  if (!facts.errors.length) {
    const options = { timeout: TIMEOUT_MS };
    await step('tools/list', async () => {
      facts.tools = (await client.listTools(undefined, options)).tools.length;
    });
    await step('echo', async () => {
      const result = await client.callTool({ name: 'echo', arguments: { text: ECHO_TEXT } }, options);
      facts.echo.answer = firstText(result);
    });
    await step(INPUT_TOOL, async () => {
      const result = await client.callTool(
        { name: INPUT_TOOL, arguments: { message: 'Who are you?' } }, options);
      facts.inputCall.isError = result.isError ?? false;
      facts.inputCall.text = firstText(result);
    });
  }
  closing = true;
  await step('close', () => client.close());
  process.stdout.write(JSON.stringify(facts) + '\n');
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ errors: [`probe: ${e?.message ?? String(e)}`] }) + '\n');
  process.exitCode = 1;
});
