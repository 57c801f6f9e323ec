#!/usr/bin/env bash
# What the web chat tests (tests/web) need besides Python: Debian's Chromium, a colour emoji
# font for the smiley scale, and axe-core (accessibility checks) under build/npm.
# Idempotent and fast once done. Never downloads a browser build of its own: the tests drive
# /usr/bin/chromium through the pip package playwright (no `playwright install`).
# Without root, or without the registries, it says what is missing and the tests skip.
set -euo pipefail
cd "$(dirname "$0")/.."

AXE_VERSION="4.10.3"
AXE_FILE="build/npm/node_modules/axe-core/axe.min.js"
APT_PACKAGES=(chromium fonts-noto-color-emoji)

say() { echo "ensure_browser: $*"; }

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "not root: install ${missing[*]} yourself (sudo apt-get install -y ${missing[*]}); the web chat tests skip without /usr/bin/chromium."
  elif ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get here: install Chromium as /usr/bin/chromium yourself; the web chat tests skip without it."
  else
    say "installing ${missing[*]} (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
      say "could not install ${missing[*]}; the web chat tests skip without /usr/bin/chromium."
    fi
  fi
fi

installed_axe=""
if [ -f build/npm/node_modules/axe-core/package.json ]; then
  installed_axe="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' build/npm/node_modules/axe-core/package.json | head -n 1)"
fi
if [ -f "$AXE_FILE" ] && [ "$installed_axe" = "$AXE_VERSION" ]; then
  :
elif ! command -v npm >/dev/null 2>&1; then
  say "npm is missing: the accessibility test skips (apt-get install -y npm)."
else
  say "installing axe-core@$AXE_VERSION into build/npm"
  mkdir -p build/npm
  if ! npm install --prefix build/npm "axe-core@$AXE_VERSION" --no-audit --no-fund --no-save --loglevel=error >/dev/null; then
    say "could not install axe-core; the accessibility test skips."
  fi
fi

if [ -x /usr/bin/chromium ] && [ -f "$AXE_FILE" ]; then
  say "ready ($(/usr/bin/chromium --version 2>/dev/null | head -n 1), axe-core $AXE_VERSION)"
fi
