# Shared by scripts/play and scripts/test: install what a fresh Debian/Ubuntu machine lacks.
# Sourced, not run.

# Headers and tools Bevy's window code builds against (X11 and Wayland through winit).
# No ALSA or udev: the app has no audio and no gamepads.
BUILD_PACKAGES=(build-essential pkg-config libwayland-dev libxkbcommon-dev curl ca-certificates)
# What the app needs at run time: Vulkan, and Mesa's drivers as a software fallback.
RUN_PACKAGES=(libvulkan1 mesa-vulkan-drivers libxkbcommon-x11-0)
# A virtual display for the window tests; Chromium to print the exported report pages.
TEST_PACKAGES=(xvfb xauth chromium)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the Debian packages given that are not installed yet.
need_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        say "please install these packages with your package manager: ${missing[*]}"
        return 1
    fi
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -q "${missing[@]}" >/dev/null \
        || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "${missing[@]}" >/dev/null; }
}

# Rust 1.95 with rustfmt and clippy; installed with rustup when cargo is missing.
need_rust() {
    if ! command -v cargo >/dev/null && [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    if ! command -v cargo >/dev/null; then
        say "installing Rust 1.95 with rustup"
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs \
            | sh -s -- -y --profile minimal --default-toolchain 1.95.0 -c rustfmt -c clippy
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
}
