# What the packaging tests share (sourced). The caller sets `version` (the
# project's) and `programs` (the shipped programs), and gets `tmp`, a directory
# removed on exit.
# shellcheck shell=bash disable=SC2154 # version and programs are the caller's

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# has TEXT NEEDLE WHAT: fails, saying WHAT, unless TEXT contains NEEDLE.
has() {
  [[ $1 == *"$2"* ]] || fail "$3: no '$2' in:"$'\n'"$1"
}

# check_page PAGE PROGRAM HELP: the man page (gzipped roff) of PROGRAM, whose
# --help is HELP, has its title, name, synopsis, every option and subcommand
# of the help, and the exit statuses; man renders it without a warning.
check_page() {
  local page=$1 program=$2 help=$3 roff text word
  [[ -f $page ]] || fail "$program: no man page at $page"
  roff=$(gzip -dc "$page")
  has "$roff" ".TH ${program^^} \"1\"" "$program's page title"
  has "$roff" ".SH NAME"$'\n'"$program \\- " "$program's page NAME"
  has "$roff" ".SH SYNOPSIS" "$program's page"
  has "$roff" '.SH "EXIT STATUS"' "$program's page"
  text=${roff//\\-/-}
  while read -r word; do
    has "$text" "$word" "$program's page, the options of its --help"
  done < <(grep -oE -- '--[a-z][a-z-]*' <<<"$help" | sort -u)
  # Subcommands: the words after the program's name in the synopsis of --help.
  while read -r word; do
    has "$roff" ".SS \"$word options:\"" "$program's page, its subcommand $word"
  done < <(sed -nE "s/^(Usage|  or): +$program ([a-z][a-z-]*).*/\2/p" <<<"$help")
  if command -v man >/dev/null; then
    text=$(MANWIDTH=80 man --warnings -l "$page" 2>"$tmp/man-warnings" | col -b)
    [[ ! -s $tmp/man-warnings ]] || fail "man warns about $page: $(cat "$tmp/man-warnings")"
    has "$text" "EXIT STATUS" "$program's page as man shows it"
  fi
}

# check_installed BIN MAN: each program is in BIN, prints "PROGRAM VERSION" for
# --version and its synopsis for --help (exit 0 both), and has its page in MAN.
check_installed() {
  local bin=$1 man=$2 program out
  for program in "${programs[@]}"; do
    [[ -x $bin/$program ]] || fail "$program is not installed in $bin"
    out=$("$bin/$program" --version) || fail "$program --version exited $?"
    [[ $out == "$program $version" ]] || fail "$program --version printed '$out', not '$program $version'"
    out=$("$bin/$program" --help) || fail "$program --help exited $?"
    [[ $out == "Usage: $program "* ]] || fail "$program --help does not start with its synopsis"
    check_page "$man/$program.1.gz" "$program" "$out"
  done
}

# The programs at work with the checkout hidden (an empty tmpfs over it, in a
# mount namespace of their own), so a file they would read from it is gone:
# the reference server answers, mcp-conformance passes it (every profile and
# protocol version: the schemas and profiles it carries) and so does mock-openai.
serve_and_check() {
  local bin=$1 source=$2 work=$3 line url
  set -euo pipefail
  mount -t tmpfs -o size=1m,mode=0555 mcpc-checkout-hidden "$source"
  cd "$work"
  mkfifo listening
  "$bin/mcp-reference-server" --port 0 >listening 2>server.log &
  # shellcheck disable=SC2064 # the server's pid, now
  trap "kill $! 2>/dev/null || true" EXIT
  read -r -t 20 line <listening || true
  [[ $line == "listening on "* ]] || { echo "the installed server did not start: $(cat server.log)" >&2; exit 1; }
  url=${line#listening on }
  "$bin/mcp-conformance" run --url "$url" --profile all --protocol-version all --quiet \
    --json report.json --html report.html
  "$bin/mcp-conformance" run --stdio "$bin/mcp-reference-server --stdio" --quiet
  "$bin/mock-openai" replay --url "$url" --quiet
  "$bin/mock-openai" profiles >/dev/null
  "$bin/mcp-conformance" list >/dev/null
}

# run_outside_checkout BIN SOURCE: serve_and_check with SOURCE (the checkout) hidden.
run_outside_checkout() {
  local bin=$1 source=$2
  [[ $tmp != "$source"/* ]] || fail "the temporary directory $tmp is inside the checkout"
  mkdir "$tmp/outside"
  unshare --mount --propagation private \
    bash -c "$(declare -f serve_and_check); serve_and_check \"\$@\"" serve_and_check \
    "$bin" "$source" "$tmp/outside" >"$tmp/outside.log" 2>&1 ||
    fail "the installed programs, with the checkout hidden:"$'\n'"$(cat "$tmp/outside.log")"
}
