// The HTML report in a real browser (Debian's Chromium, headless, driven over the
// DevTools pipe): what a person does with it — click a filter, search, follow a
// link to a check, use the check x version grid, copy a request as curl — and what
// they then see. Each test builds a run of every outcome at two versions, writes
// the page as mcp-conformance does (passes summarised) and opens it from file://.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "client/transcript.hpp"
#include "reports/report_bounds.hpp"
#include "reports/run_report.hpp"
#include "reports/tests/headless_chromium.hpp"

namespace mcp::reports {
namespace {

namespace fs = std::filesystem;
using testing::HeadlessChromium;

constexpr const char* kTarget = "http://127.0.0.1:9/mcp";

Json exchange(std::size_t index, std::string label, int status) {
  client::Exchange e;
  e.index = index;
  e.label = label;
  e.method = label == "cleanup" ? "DELETE" : "POST";
  e.url = kTarget;
  e.request_headers = client::redact(
      {{"Content-Type", "application/json"}, {"Authorization", "Bearer s3cret-token"}});
  e.request_body = R"({"jsonrpc":"2.0","id":1,"method":")" + label + R"("})";
  e.status = status;
  e.response_body = R"({"jsonrpc":"2.0","id":1,"result":{}})";
  e.started_ms = 1;
  e.completed_ms = 2;
  return client::to_json(e);
}

CaseReport check(std::string id, std::string area, std::string level, Verdict verdict,
                 std::string message = "") {
  CaseReport c;
  c.id = std::move(id);
  c.title = "Title of " + c.id;
  c.area = std::move(area);
  c.level = std::move(level);
  c.section = "basic/" + c.area;
  c.rule = "The rule of " + c.id;
  c.description = "What " + c.id + " verifies.";
  c.verdict = verdict;
  c.message = std::move(message);
  c.exchanges = Json::array({exchange(0, "initialize", 200), exchange(1, "ping", 200)});
  return c;
}

// Every outcome, MUST/SHOULD/MAY, two areas, two versions: 8 checks in each.
RunReport mixed_run() {
  RunReport report;
  report.target = kTarget;
  report.exit_code = 1;
  for (const std::string version : {"2025-06-18", "2025-11-25"}) {
    for (const std::string area : {"lifecycle", "tools"}) {
      SuiteReport suite;
      suite.name = area + " (" + version + ")";
      suite.area = area;
      suite.protocol_version = version;
      if (area == "lifecycle") {
        CaseReport gone = check("lifecycle.session.gone", area, "MUST", Verdict::kFail,
                                "expected: HTTP 404; got: HTTP 400");
        gone.spec_url = "https://modelcontextprotocol.io/specification/" + version + "/basic";
        gone.exchanges = Json::array({exchange(0, "initialize", 200), exchange(1, "ping", 400),
                                      exchange(2, "cleanup", 204)});
        suite.cases = {check("lifecycle.version.echo", area, "MUST", Verdict::kPass), gone,
                       check("lifecycle.ping.latency", area, "SHOULD", Verdict::kWarn,
                             "expected: an answer within 1 s; got: 1.5 s"),
                       check("lifecycle.instructions", area, "MAY", Verdict::kSkip,
                             "the server sends no instructions")};
      } else {
        CaseReport listed = check("tools.list.shape", area, "MUST", Verdict::kPass);
        listed.spec_url = "https://modelcontextprotocol.io/specification/" + version + "/tools";
        suite.cases = {listed, check("tools.call.echo", area, "MUST", Verdict::kPass),
                       check("tools.session.header", area, "SHOULD", Verdict::kError,
                             "connection reset by peer"),
                       check("tools.annotations.habit", area, "MAY", Verdict::kInfo,
                             "3 tools carry no annotations")};
      }
      report.suites.push_back(suite);
    }
  }
  apply_bounds(report, {.summarize_passing = true});
  return report;
}

constexpr const char* kVisible =
    "[...document.querySelectorAll('.check')].filter((c) => !c.hidden && "
    "!c.closest('.suite').hidden)";

class HtmlInBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string executable = MCPC_CHROMIUM;
    if (!fs::exists(executable)) {
      GTEST_FAIL() << "this test opens the HTML report in headless Chromium, and there is no "
                      "chromium ('"
                   << executable
                   << "' does not exist): install Debian's chromium package (scripts/bootstrap.sh "
                      "does) and configure again";
    }
    dir_ = fs::temp_directory_path() /
           ("mcpc-browser-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "report.html") << to_html(mixed_run());
    page_ = "file://" + (dir_ / "report.html").string();
    browser_ = std::make_unique<HeadlessChromium>(executable, dir_ / "profile");
  }
  void TearDown() override {
    if (browser_) {
      eval("0");  // reads every event sent before its answer
      EXPECT_EQ(browser_->page_errors(), std::vector<std::string>{}) << "the page's script threw";
    }
    browser_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  Json eval(const std::string& expression) { return browser_->evaluate(expression); }
  int visible() { return eval(std::string(kVisible) + ".length").get<int>(); }
  std::set<std::string> visible_verdicts() {
    return eval(std::string(kVisible) + ".map((c) => c.dataset.verdict)")
        .get<std::set<std::string>>();
  }

  fs::path dir_;
  std::string page_;
  std::unique_ptr<HeadlessChromium> browser_;
};

TEST_F(HtmlInBrowser, ClickingAFilterShowsOnlyThoseChecksAndTheLinkKeepsIt) {
  browser_->navigate(page_);
  ASSERT_EQ(visible(), 16) << "every check, the passes listed by the script included";
  EXPECT_EQ(eval("document.getElementById('shown').textContent"), "16 of 16 checks");

  eval("document.querySelector('#filters button[data-verdict=\"fail\"]').click()");
  EXPECT_EQ(visible(), 2) << "the filter did nothing";
  EXPECT_EQ(visible_verdicts(), std::set<std::string>{"fail"});
  EXPECT_EQ(eval("location.search"), "?outcome=fail");
  EXPECT_EQ(eval("document.getElementById('shown').textContent"), "2 of 16 checks");

  browser_->reload();
  EXPECT_EQ(visible(), 2) << "a reload keeps the filter";
  EXPECT_EQ(eval("document.querySelector('#filters button[data-verdict=\"fail\"]')"
                 ".getAttribute('aria-pressed')"),
            "true");

  eval("document.querySelector('#filters button[data-verdict=\"all\"]').click()");
  EXPECT_EQ(visible(), 16);
  EXPECT_EQ(eval("location.search"), "");
}

TEST_F(HtmlInBrowser, SearchAndFiltersCombineAndASharedLinkAppliesThem) {
  browser_->navigate(page_);
  eval(R"((() => { const q = document.getElementById('q'); q.value = 'session';
                   q.dispatchEvent(new Event('input')); })())");
  // lifecycle.session.gone and tools.session.header, at each version.
  EXPECT_EQ(visible(), 4);
  EXPECT_EQ(visible_verdicts(), (std::set<std::string>{"fail", "error"}));
  eval(R"((() => { const s = document.querySelector('select[data-field="version"]');
                   s.value = '2025-11-25'; s.dispatchEvent(new Event('change')); })())");
  EXPECT_EQ(visible(), 2);
  EXPECT_EQ(eval("location.search"), "?q=session&version=2025-11-25");

  // The rule and the message are searched too.
  browser_->navigate(page_ + "?q=within+1+s");
  EXPECT_EQ(visible_verdicts(), std::set<std::string>{"warn"});
  browser_->navigate(page_ + "?q=rule+of+tools.list");
  EXPECT_EQ(visible(), 2);

  browser_->navigate(page_ + "?level=MAY&area=tools");
  EXPECT_EQ(visible_verdicts(), std::set<std::string>{"info"});
  EXPECT_EQ(visible(), 2);
  EXPECT_EQ(eval("document.querySelector('select[data-field=\"level\"]').value"), "MAY");
  browser_->navigate(page_ + "?outcome=pass&version=2025-06-18&q=nothing-like-this");
  EXPECT_EQ(visible(), 0);
  EXPECT_EQ(eval("document.getElementById('no-match').hidden"), false);
}

TEST_F(HtmlInBrowser, ALinkToACheckOpensItWhateverTheFilters) {
  // A passing check (listed by the script), behind a filter that would hide it.
  browser_->navigate(page_ + "?outcome=fail#tools.list.shape@2025-11-25");
  const Json opened = eval(R"((async () => {
    const check = document.getElementById('tools.list.shape@2025-11-25').closest('.check');
    if (!check.querySelector('.detail'))
      await new Promise((done) => check.addEventListener('toggle', done, { once: true }));
    const link = check.querySelector('.facts a');
    return { open: check.open, hidden: check.hidden, pinned: check.classList.contains('pinned'),
             text: check.querySelector('.detail').textContent, spec: link && link.href,
             anchor: check.querySelector('a.anchor').getAttribute('href') };
  })())");
  EXPECT_EQ(opened["open"], true);
  EXPECT_EQ(opened["hidden"], false);
  EXPECT_EQ(opened["pinned"], true);
  EXPECT_NE(opened["text"].get<std::string>().find("What tools.list.shape verifies."),
            std::string::npos)
      << opened.dump();
  EXPECT_NE(opened["text"].get<std::string>().find("ping: 200"), std::string::npos)
      << "its exchanges, one line each";
  EXPECT_EQ(opened["spec"], "https://modelcontextprotocol.io/specification/2025-11-25/tools");
  EXPECT_EQ(opened["anchor"], "#tools.list.shape@2025-11-25");
  EXPECT_EQ(visible(), 3) << "the filter still applies to the rest: the two failures, and the "
                             "check the link names";
  EXPECT_EQ(eval("document.getElementById('shown').textContent"), "2 of 16 checks");
}

TEST_F(HtmlInBrowser, TheGridShowsEachCheckAtEachVersionAndACellOpensIt) {
  browser_->navigate(page_);
  const Json grid = eval(R"((() => {
    const table = document.querySelector('#grid table');
    return { shown: !document.getElementById('grid').hidden,
             head: [...table.tHead.rows[0].cells].map((c) => c.textContent),
             rows: [...table.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent)) };
  })())");
  EXPECT_EQ(grid["shown"], true);
  EXPECT_EQ(grid["head"], Json({"check", "2025-06-18", "2025-11-25"}));
  ASSERT_EQ(grid["rows"].size(), 8u);
  EXPECT_EQ(grid["rows"][0], Json({"lifecycle.session.gone", "fail", "fail"}))
      << "what needs fixing first on top";

  const Json clicked = eval(R"((async () => {
    const cell = document.querySelector('#grid a[href="#tools.call.echo@2025-11-25"]');
    const moved = new Promise((done) => addEventListener('hashchange', done, { once: true }));
    cell.click();
    await moved;
    const check = document.getElementById('tools.call.echo@2025-11-25').closest('.check');
    return { open: check.open, pinned: check.classList.contains('pinned'), hash: location.hash };
  })())");
  EXPECT_EQ(clicked["open"], true);
  EXPECT_EQ(clicked["pinned"], true);
  EXPECT_EQ(clicked["hash"], "#tools.call.echo@2025-11-25");

  eval("document.querySelector('#filters button[data-verdict=\"warn\"]').click()");
  EXPECT_EQ(eval("[...document.querySelectorAll('#grid tbody tr')].filter((r) => !r.hidden)"
                 ".map((r) => r.cells[0].textContent)"),
            Json({"lifecycle.ping.latency"}))
      << "the grid follows the filters";
}

TEST_F(HtmlInBrowser, AFailureOpensOnTheExchangeThatDecidedItWhichCopiesAsCurl) {
  browser_->allow_clipboard();
  browser_->navigate(page_ + "#lifecycle.session.gone@2025-06-18");
  const Json exchanges = eval(R"((() => {
    const check = document.getElementById('lifecycle.session.gone@2025-06-18').closest('.check');
    return { open: check.open,
             exchanges: [...check.querySelectorAll('details.exchange')].map((x) =>
               ({ label: x.querySelector('summary b').textContent, open: x.open,
                  marked: x.classList.contains('culprit') })) };
  })())");
  EXPECT_EQ(exchanges["open"], true);
  EXPECT_EQ(exchanges["exchanges"],
            Json::parse(R"([{"label":"initialize","open":false,"marked":false},
                            {"label":"ping","open":true,"marked":true},
                            {"label":"cleanup","open":false,"marked":false}])"));

  const Json copied = eval(R"((async () => {
    const culprit = document.getElementById('lifecycle.session.gone@2025-06-18')
                      .closest('.check').querySelector('details.exchange.culprit');
    const button = culprit.querySelector('button.copy');
    const visible = !button.hidden;
    const answered = new Promise((done) =>
      new MutationObserver(done).observe(button, { childList: true, characterData: true }));
    button.click();
    await answered;
    const said = button.textContent;
    const text = said === 'Copied' ? await navigator.clipboard.readText()
                                   : String(getSelection());
    return { visible, said, text };
  })())");
  EXPECT_EQ(copied["visible"], true);
  EXPECT_EQ(copied["text"],
            "curl 'http://127.0.0.1:9/mcp' \\\n"
            "  -H 'Content-Type: application/json' \\\n"
            "  -H 'Authorization: Bearer [redacted]' \\\n"
            "  --data-raw '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}'")
      << "copied by: " << copied["said"];
}

}  // namespace
}  // namespace mcp::reports
