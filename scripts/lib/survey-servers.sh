# shellcheck shell=bash
# Sourced by scripts/survey.sh and scripts/interop-survey.sh: the published MCP servers of
# fixtures/interop/servers/survey (pinned by its package-lock.json), how they are installed and
# how each is started over stdio. Needs lib/node.sh sourced first and mcpc_node called.
#
#   survey_install                   npm ci of the lock file into a folder of the npm cache named
#                                    by the lock file's hash (quiet when present); exit 1 on failure
#   survey_stdio_command NAME DIR    prints the /bin/sh command line that runs server NAME with
#                                    DIR as its working folder, HOME and only data folder, and an
#                                    empty environment besides PATH (and the server's own setting)
#   survey_version NAME              prints the installed version of server NAME's package
#
# NAME: filesystem (given DIR/root as its only allowed folder), memory (its file in DIR),
# sequential-thinking, playwright (headless, isolated, no browser installed: listing works,
# driving a browser does not).

survey_pkg=$root/fixtures/interop/servers/survey
survey_home=$mcpc_npm_cache/survey-servers-$(sha256sum "$survey_pkg/package-lock.json" | cut -c1-12)

survey_install() {
  [ -f "$survey_home/.installed" ] && return 0
  command -v npm >/dev/null 2>&1 || { echo "survey: npm not found (scripts/bootstrap.sh installs it)" >&2; exit 1; }
  mkdir -p "$survey_home" || exit 1
  # Parallel callers (ctest -j) would otherwise run two installs into one folder.
  local lock
  exec {lock}>"$survey_home/.install.lock"
  flock -w 300 "$lock" || { echo "survey: timed out waiting for another install into $survey_home" >&2; exit 1; }
  if [ ! -f "$survey_home/.installed" ]; then
    echo "survey: installing the published servers into $survey_home" >&2
    cp "$survey_pkg/package.json" "$survey_pkg/package-lock.json" "$survey_home/" || exit 1
    # --ignore-scripts: nothing may download a browser or run an install step of its own.
    if ! timeout 300 npm ci --prefix "$survey_home" --no-audit --no-fund --ignore-scripts --loglevel=error >&2; then
      echo "survey: npm could not install the published servers" >&2
      exit 1
    fi
    : >"$survey_home/.installed"
  fi
  exec {lock}>&-
}

survey_package() {
  case "$1" in
    filesystem | memory | sequential-thinking) echo "@modelcontextprotocol/server-$1" ;;
    playwright) echo "@playwright/mcp" ;;
    *) return 1 ;;
  esac
}

survey_version() {
  local pj
  pj=$survey_home/node_modules/$(survey_package "$1")/package.json || return 1
  sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$pj" | head -n 1
}

survey_stdio_command() {
  local name=$1 dir=$2 modules=$survey_home/node_modules
  local line="/usr/bin/env -i -C $dir PATH=/usr/local/bin:/usr/bin:/bin HOME=$dir"
  case "$name" in
    filesystem)
      mkdir -p "$dir/root" && echo "a file the filesystem server may read" >"$dir/root/readme.txt"
      line+=" $mcpc_node_path $modules/@modelcontextprotocol/server-filesystem/dist/index.js $dir/root" ;;
    memory)
      line+=" MEMORY_FILE_PATH=$dir/memory.jsonl $mcpc_node_path $modules/@modelcontextprotocol/server-memory/dist/index.js" ;;
    sequential-thinking)
      line+=" DISABLE_THOUGHT_LOGGING=true $mcpc_node_path $modules/@modelcontextprotocol/server-sequential-thinking/dist/index.js" ;;
    playwright)
      line+=" $mcpc_node_path $modules/@playwright/mcp/cli.js --headless --isolated --output-dir $dir/output" ;;
    *) return 1 ;;
  esac
  echo "$line"
}
