// The visualizer's page: self-contained, and no history value can become markup.
#include <catch2/catch.hpp>

#include "verify/lincheck/models/all.hpp"
#include "verify/lincheck/models/independent.hpp"
#include "verify/lincheck/visualize.hpp"

using namespace gauntlet::lincheck;

namespace {
std::size_t count(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("html_escape covers markup and attribute quotes") {
  CHECK(html_escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
}

TEST_CASE("a hostile history cannot inject markup into the page") {
  using models::Kv;
  const std::string evil = "</script><script>alert(1)</script><img src=x onerror=alert(2)>@DATA@";
  std::vector<Kv::Op> ops = {{0, {Kv::Kind::put, evil, evil}, {}, 0, 2}, {1, {Kv::Kind::get, evil, ""}, {evil}, 1, 3}};
  auto r = check<Kv>(ops);
  Visual v = make_visual(Kv{}, ops, r, evil);
  v.annotations.push_back({1, 2, evil, evil, 0});
  std::string page = render_html(v);
  // Exactly the page's own two script elements, and no image.
  CHECK(count(page, "<script") == 2);
  CHECK(count(page, "</script") == 2);
  CHECK(count(page, "<img") == 0);
  CHECK(page.find("&lt;/script&gt;") != std::string::npos);  // the title, escaped
  // Self-contained: nothing fetched from elsewhere.
  CHECK(page.find("http://") == page.find("http://www.w3.org/2000/svg"));
  CHECK(page.find("https://") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
}

TEST_CASE("the page carries every operation and the linearization's states") {
  using models::Register;
  std::vector<Register::Op> ops = {{0, {true, 5}, {}, 0, 2}, {1, {false, 0}, {5}, 3, 4}};
  auto r = check<Register>(ops);
  Visual v = make_visual(Register{}, ops, r, "t");
  REQUIRE(v.linearizations.size() == 1);
  CHECK(v.linearizations[0].complete);
  REQUIRE(v.linearizations[0].steps.size() == 2);
  CHECK(v.linearizations[0].steps[0].state == "5");
  std::string page = render_html(v);
  CHECK(page.find("write(5)") != std::string::npos);
  CHECK(page.find("read() -\\u003e 5") != std::string::npos);
}

TEST_CASE("the new models' operations and states are described on the page") {
  using models::MultiRegister;
  std::vector<MultiRegister::Op> txns = {{0, {{{true, "x", 1}}}, {{0}}, 0, 2}, {1, {{{false, "x", 0}}}, {{1}}, 3, 4}};
  auto multi = render_html(make_visual(MultiRegister{}, txns, check<MultiRegister>(txns), "t"));
  CHECK(multi.find("txn(w x 1)") != std::string::npos);
  CHECK(multi.find("{x: 1}") != std::string::npos);
  using models::Mutex;
  std::vector<Mutex::Op> locks = {{0, {true}, {}, 0, 1}, {1, {false}, {}, 2, 3}};
  auto mutex = render_html(make_visual(Mutex{}, locks, check<Mutex>(locks), "t"));
  CHECK(mutex.find("acquire()") != std::string::npos);
  CHECK(mutex.find("held") != std::string::npos);
  using models::UnorderedQueue;
  std::vector<UnorderedQueue::Op> q = {{0, {true, 7}, {}, 0, 1}, {1, {false}, {false, 7}, 2, 3}};
  auto queue = render_html(make_visual(UnorderedQueue{}, q, check<UnorderedQueue>(q), "t"));
  CHECK(queue.find("dequeue() -\\u003e 7") != std::string::npos);
  using Keyed = models::Independent<models::CasRegister>;
  std::vector<Keyed::Op> keyed = {{0, {"3", {models::CasRegister::Kind::write, 1}}, {}, 0, 1}};
  auto page = render_html(make_visual(Keyed{}, keyed, check<Keyed>(keyed), "t"));
  CHECK(page.find("[3] write(1)") != std::string::npos);
}
