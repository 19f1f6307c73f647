#!/usr/bin/env bash
# One command that turns a fresh Debian machine with Node 20 into a working Prom checkout:
# system packages first (only the missing ones), then npm dependencies, then the build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and tests need:
#   rustc cargo libstd-rust-dev-wasm32 lld  -> prover-wasm (Rust to wasm32-unknown-unknown with std)
#   chromium                                -> browser tests, and its SwiftShader Vulkan driver for WebGPU in Node
#   libvulkan1                              -> the Vulkan loader Dawn (the `webgpu` package) opens to reach SwiftShader
packages=(rustc cargo libstd-rust-dev-wasm32 lld chromium libvulkan1)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "setup: installing npm dependencies"
# `npm install`, not `npm ci`: anvil's optional per-platform packages for other systems are not all published where
# this installs from, so the lock cannot list them and `npm ci` would refuse it. `npm install` follows the lock
# for everything that is there.
# Electron's own postinstall downloads its binary from GitHub; it is run apart so that a machine without that download
# still gets every other dependency (the app and its e2e tests then say what is missing, the rest works headless).
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install --no-audit --no-fund
node node_modules/electron/install.js || echo "setup: no Electron binary (its download failed): 'npm run app' and the Electron e2e tests cannot run here"

echo "setup: building"
npm run build
echo "setup: building the devnet's batch circuit and its development key (minutes, once)"
npm run build:circuit
echo "setup: done. Run 'npm start' for a devnet, 'npm test' for the tests."
