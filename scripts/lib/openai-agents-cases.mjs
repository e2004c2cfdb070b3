// The agents-* cases of openai-sdk-probe.mjs: the JavaScript Agents SDK (npm @openai/agents)
// with a hostedMcpTool, its OpenAI client's base URL on `mock-openai serve`. The Agents SDK
// sends the Responses API requests itself (its own fields, and on an approval its own way of
// carrying the conversation: every earlier item back in `input`, no previous_response_id), so
// these check that the mock serves a real agent loop, not only hand-written requests.
// Each case takes {args, agents} and returns {findings, saw}, as the probe's own cases do.
import { isDeepStrictEqual } from 'node:util';

import { Findings, LABEL, MODEL, callInput, eventOrderProblem, show } from './openai-sdk-probe.mjs';

// A run item as "type:name" ("tool_call_item:mcp_call", "message_output_item").
const itemsOf = (items) => items.map((i) => (i.rawItem?.name ? `${i.type}:${i.rawItem.name}` : i.type));
const CALL_TURN = ['tool_call_item:mcp_list_tools', 'tool_call_item:mcp_call', 'message_output_item'];

function agentWith(agents, args, requireApproval) {
  return new agents.Agent({
    name: 'mcp-probe', model: MODEL, instructions: 'Use the MCP tool.',
    tools: [agents.hostedMcpTool({ serverLabel: LABEL, serverUrl: args.mcpUrl, requireApproval })],
  });
}

// The list, call and message an `@call echo` run leaves, as the Agents SDK's run items.
function checkCallRun(findings, result, text) {
  findings.expect(isDeepStrictEqual(itemsOf(result.newItems), CALL_TURN),
                  `run items ${show(itemsOf(result.newItems))}, expected ${show(CALL_TURN)}`);
  const call = result.newItems.find((i) => i.rawItem?.name === 'mcp_call')?.rawItem;
  findings.expect(call?.output === text && call?.providerData?.name === 'echo' &&
                  call?.providerData?.server_label === LABEL,
                  `the hosted call is ${show(call?.providerData)}`);
  findings.expect(typeof result.finalOutput === 'string' && result.finalOutput.includes(text),
                  `finalOutput ${show(result.finalOutput)}`);
  findings.expect(result.interruptions?.length === 0, `${result.interruptions?.length} interruptions`);
}

async function caseRun({ args, agents }) {
  const findings = new Findings();
  const result = await agents.run(agentWith(agents, args, 'never'), callInput('hello'));
  checkCallRun(findings, result, 'hello');
  findings.expect(result.rawResponses.length === 1, `${result.rawResponses.length} model responses, expected 1`);
  return { findings, saw: `${itemsOf(result.newItems).join(', ')}; finalOutput ${show(result.finalOutput)}` };
}

async function caseStream({ args, agents }) {
  const findings = new Findings();
  const result = await agents.run(agentWith(agents, args, 'never'), callInput('streamed'), { stream: true });
  const model = [];
  const named = [];
  for await (const event of result) {
    if (event.type === 'raw_model_stream_event' && event.data.type === 'model') model.push(event.data.event);
    if (event.type === 'run_item_stream_event') named.push(event.name);
  }
  await result.completed;
  const types = model.map((e) => e.type);
  const order = eventOrderProblem(types);
  findings.expect(!order, `the model's events: ${order}`);
  checkCallRun(findings, result, 'streamed');
  const expected = ['tool_called', 'tool_called', 'message_output_created'];
  findings.expect(isDeepStrictEqual(named, expected), `run item events ${show(named)}, expected ${show(expected)}`);
  return { findings, saw: `${types.length} Responses events in order; run item events ${named.join(', ')}; ` +
                         `finalOutput ${show(result.finalOutput)}` };
}

async function caseApproval({ args, agents }) {
  const findings = new Findings();
  const agent = agentWith(agents, args, 'always');
  const first = await agents.run(agent, callInput('approved'));
  const asked = first.interruptions ?? [];
  const request = asked[0]?.rawItem?.providerData;
  findings.expect(asked.length === 1 && request?.type === 'mcp_approval_request' && request?.name === 'echo',
                  `${asked.length} interruptions, the first ${show(request)}`);
  if (!asked.length) return { findings, saw: '' };
  for (const interruption of asked) first.state.approve(interruption);

  const second = await agents.run(agent, first.state);
  const expected = ['tool_call_item:mcp_list_tools', 'tool_call_item:mcp_approval_request',
                    'tool_call_item:mcp_approval_response', 'tool_call_item:mcp_call', 'message_output_item'];
  findings.expect(isDeepStrictEqual(itemsOf(second.newItems), expected),
                  `run items ${show(itemsOf(second.newItems))}, expected ${show(expected)}`);
  // The model's answer to the approval alone: the call, and no second tool list.
  const answer = (second.rawResponses.at(-1)?.output ?? []).map((o) => o.providerData?.type ?? o.type);
  findings.expect(isDeepStrictEqual(answer, ['mcp_call', 'message']),
                  `the approved turn's output ${show(answer)}, expected mcp_call, message (no new mcp_list_tools)`);
  const call = second.newItems.find((i) => i.rawItem?.name === 'mcp_call')?.rawItem;
  findings.expect(call?.output === 'approved' && call?.providerData?.approval_request_id === request.id,
                  `the approved call is ${show(call?.providerData)}`);
  findings.expect(second.finalOutput?.includes('approved'), `finalOutput ${show(second.finalOutput)}`);
  return { findings, saw: `1 interruption (${request.name}), approved: ${answer.join(', ')}; ` +
                         `finalOutput ${show(second.finalOutput)}` };
}

export const AGENTS_RUN = { 'agents-run': caseRun, 'agents-stream': caseStream, 'agents-approval': caseApproval };
