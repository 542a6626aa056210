#!/bin/sh
# The visualizer in a real browser: render a hostile history, let headless
# chromium run the page's script, and check the DOM it built. Exit 77 (ctest
# skip) where chromium is absent.
set -eu
check="$1"
data="$2"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "skipped: no chromium on PATH"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$check" --visualize "$work/page.html" "$data/evil.json"
timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
  --dump-dom "file://$work/page.html" > "$work/dom.html" 2> "$work/chromium.log" || {
  cat "$work/chromium.log"
  echo "FAIL: chromium did not render the page"
  exit 1
}
fail() { echo "FAIL: $1"; exit 1; }
grep -q 'data-rendered="yes"' "$work/dom.html" || fail "the page's script did not run to the end"
[ "$(grep -o '<rect[^>]*class="op' "$work/dom.html" | wc -l)" -eq 4 ] || fail "expected 4 operation bars"
grep -q 'class="note-span"' "$work/dom.html" || fail "the partition annotation is not drawn"
grep -q 'class="note-line"' "$work/dom.html" || fail "the crash annotation is not drawn"
grep -q 'class="lin-path"' "$work/dom.html" || fail "the linearization is not drawn"
grep -q 'pwned' "$work/dom.html" || fail "the hostile text is missing (it should be shown as text)"
# The injected markup must appear only as escaped text: no element from the history.
if grep -q '<title>pwned' "$work/dom.html"; then fail "a script from the history ran"; fi
if grep -q '<img' "$work/dom.html"; then fail "an element from the history was created"; fi
[ "$(grep -o '<script' "$work/dom.html" | wc -l)" -eq 2 ] || fail "script elements other than the page's own"
echo "ok: rendered in $browser, hostile values stayed text"
