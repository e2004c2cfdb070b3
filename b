<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="lifecycle (2025-11-25)" package="lifecycle (2025-11-25)" id="0" timestamp="2026-11-30T08:56:31" hostname="vm" tests="1" failures="0" errors="1" skipped="0" time="0.000">
    <properties>
      <property name="tool" value="mcp-conformance 0.1.0"/>
      <property name="target" value="http://a/mcp"/>
      <property name="transport" value="streamable-http"/>
      <property name="profile" value="spec"/>
      <property name="strict" value="false"/>
      <property name="area" value="lifecycle"/>
      <property name="protocol_version" value="2025-11-25"/>
    </properties>
    <testcase classname="mcp.lifecycle.v2025_11_25" name="lifecycle.init.result [MUST] initialize returns protocolVersion, capabilities and serverInfo" time="0.000">
      <error message="cannot reach http://a/mcp: cannot connect: Couldn&apos;t resolve host name (no check could run)" type="error">cannot reach http://a/mcp: cannot connect: Couldn&apos;t resolve host name (no check could run)

exchanges:
[
  {
    &quot;error&quot;: &quot;cannot connect: Couldn&apos;t resolve host name&quot;,
    &quot;index&quot;: 0,
    &quot;label&quot;: &quot;probe&quot;,
    &quot;method&quot;: &quot;POST&quot;,
    &quot;request&quot;: {
      &quot;body&quot;: &quot;{\&quot;id\&quot;:0,\&quot;jsonrpc\&quot;:\&quot;2.0\&quot;,\&quot;method\&quot;:\&quot;initialize\&quot;,\&quot;params\&quot;:{\&quot;capabilities\&quot;:{},\&quot;clientInfo\&quot;:{\&quot;name\&quot;:\&quot;mcp-conformance-probe\&quot;,\&quot;version\&quot;:\&quot;0.1.0\&quot;},\&quot;protocolVersion\&quot;:\&quot;2025-11-25\&quot;}}&quot;,
      &quot;headers&quot;: [
        [
          &quot;Content-Type&quot;,
          &quot;application/json&quot;
        ],
        [
          &quot;Accept&quot;,
          &quot;application/json, text/event-stream&quot;
        ],
        [
          &quot;User-Agent&quot;,
          &quot;mcp-conformance/0.1.0&quot;
        ]
      ]
    },
    &quot;response&quot;: {
      &quot;body&quot;: &quot;&quot;,
      &quot;events&quot;: [],
      &quot;events_dropped&quot;: 0,
      &quot;headers&quot;: [],
      &quot;sse&quot;: false,
      &quot;status&quot;: 0
    },
    &quot;timing_ms&quot;: {
      &quot;completed&quot;: 1.952,
      &quot;connected&quot;: null,
      &quot;first_byte&quot;: null,
      &quot;started&quot;: 0.719
    },
    &quot;transport&quot;: &quot;http&quot;,
    &quot;url&quot;: &quot;http://a/mcp&quot;
  }
]</error>
    </testcase>
    <system-out>== mcp.lifecycle.v2025_11_25 :: lifecycle.init.result [MUST] initialize returns protocolVersion, capabilities and serverInfo (error)
{&quot;error&quot;:&quot;cannot connect: Couldn&apos;t resolve host name&quot;,&quot;index&quot;:0,&quot;label&quot;:&quot;probe&quot;,&quot;method&quot;:&quot;POST&quot;,&quot;request&quot;:{&quot;body&quot;:&quot;{\&quot;id\&quot;:0,\&quot;jsonrpc\&quot;:\&quot;2.0\&quot;,\&quot;method\&quot;:\&quot;initialize\&quot;,\&quot;params\&quot;:{\&quot;capabilities\&quot;:{},\&quot;clientInfo\&quot;:{\&quot;name\&quot;:\&quot;mcp-conformance-probe\&quot;,\&quot;version\&quot;:\&quot;0.1.0\&quot;},\&quot;protocolVersion\&quot;:\&quot;2025-11-25\&quot;}}&quot;,&quot;headers&quot;:[[&quot;Content-Type&quot;,&quot;application/json&quot;],[&quot;Accept&quot;,&quot;application/json, text/event-stream&quot;],[&quot;User-Agent&quot;,&quot;mcp-conformance/0.1.0&quot;]]},&quot;response&quot;:{&quot;body&quot;:&quot;&quot;,&quot;events&quot;:[],&quot;events_dropped&quot;:0,&quot;headers&quot;:[],&quot;sse&quot;:false,&quot;status&quot;:0},&quot;timing_ms&quot;:{&quot;completed&quot;:1.952,&quot;connected&quot;:null,&quot;first_byte&quot;:null,&quot;started&quot;:0.719},&quot;transport&quot;:&quot;http&quot;,&quot;url&quot;:&quot;http://a/mcp&quot;}
property requirement: lifecycle.init.result
property level: MUST
property section: basic/lifecycle#initialization
property verdict: error
</system-out>
    <system-err/>
  </testsuite>
</testsuites>
