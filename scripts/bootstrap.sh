#!/usr/bin/env bash
# Prepare this machine for `make run` and `make test`: Debian packages, then .venv.
#
# Idempotent and quick when nothing changed: the Debian check is one dpkg-query call, and
# pip runs only when the stamp in .venv (a hash of pyproject.toml + constraints.txt + the
# Python version) differs.
#
# Environment:
#   PYTHON=python3.11     interpreter used to create .venv (default: python3)
#   VENV=path             virtualenv location (default: .venv in the repository)
#   SECPLUS_SKIP_APT=1    do not check or install Debian packages (non-Debian machines)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
VENV=${VENV:-$ROOT/.venv}
CONSTRAINTS=$ROOT/constraints.txt
STAMP=$VENV/.secplus-bootstrap-stamp
PIP_VERSION=26.3

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }

# --- Debian packages ----------------------------------------------------------------------
# Qt 6 (PySide6-Essentials wheels) brings its own Qt libraries but needs these system ones;
# found with ldd on the offscreen and xcb platform plugins, libQt6Gui/Widgets/DBus and the
# xcb GL integrations. "a|b": either name satisfies (b = the pre-t64 name on Debian 12).
QT_PACKAGES=(
    "libglib2.0-0t64|libglib2.0-0" libfontconfig1 libfreetype6 libdbus-1-3
    libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0
    libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
    libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1
    # Wayland desktops (Debian's GNOME default): without these Qt falls back to XWayland.
    libwayland-client0 libwayland-cursor0 libwayland-egl1
)
# pdftoppm/pdftotext for the notice (PDF) tests; PostgreSQL server binaries for the storage
# tests, which start their own throw-away server (the system cluster is never started here).
TOOL_PACKAGES=(poppler-utils postgresql)

apt_packages=("${QT_PACKAGES[@]}" "${TOOL_PACKAGES[@]}")
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt_packages+=(python3-venv)  # Debian's own python3 ships venv without ensurepip
fi

missing_packages() {
    # Prints one name per missing spec (the first alternative of "a|b").
    local names=() spec installed
    for spec in "${apt_packages[@]}"; do
        IFS='|' read -r -a alts <<<"$spec"
        names+=("${alts[@]}")
    done
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${names[@]}" 2>/dev/null \
        | awk '$2 == "installed" {sub(/:.*/, "", $1); print $1}' || true)
    for spec in "${apt_packages[@]}"; do
        IFS='|' read -r -a alts <<<"$spec"
        local found=""
        for name in "${alts[@]}"; do
            if grep -qxF "$name" <<<"$installed"; then found=$name; break; fi
        done
        [[ -n $found ]] || printf '%s\n' "$spec"
    done
}

pick_installable() {
    # For "a|b" choose the first name the package lists know.
    local spec=$1 name
    IFS='|' read -r -a alts <<<"$spec"
    for name in "${alts[@]}"; do
        if apt-cache show "$name" >/dev/null 2>&1; then printf '%s\n' "$name"; return; fi
    done
    printf '%s\n' "${alts[0]}"
}

install_debian_packages() {
    if [[ ${SECPLUS_SKIP_APT:-0} == 1 ]]; then
        say "SECPLUS_SKIP_APT=1: not checking Debian packages"
        return
    fi
    if ! command -v dpkg-query >/dev/null 2>&1; then
        say "warning: not a Debian-like system; install the Qt 6 xcb/EGL libraries, poppler-utils and"
        say "         the PostgreSQL server yourself (see README.md), or set SECPLUS_SKIP_APT=1"
        return
    fi
    local missing=()
    mapfile -t missing < <(missing_packages)
    if [[ ${#missing[@]} -eq 0 ]]; then
        return
    fi
    local shown=("${missing[@]//|*/}")
    if [[ $(id -u) -ne 0 ]]; then
        {
            echo "bootstrap: these Debian packages are missing: ${shown[*]}"
            echo "bootstrap: install them as root, then run make again:"
            echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${shown[*]}"
        } >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    local apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=600)
    if [[ " ${shown[*]} " == *" postgresql "* && ! -e /etc/postgresql-common/createcluster.conf ]]; then
        # Install the server binaries only: do not create (and so never start) the system's
        # "main" cluster. The tests run their own server in a temporary directory.
        mkdir -p /etc/postgresql-common/createcluster.d
        echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/50-secplus-no-main-cluster.conf
    fi
    say "installing Debian packages: ${shown[*]}"
    apt-get update -q -o DPkg::Lock::Timeout=600 </dev/null
    local to_install=() spec
    for spec in "${missing[@]}"; do to_install+=("$(pick_installable "$spec")"); done
    apt-get install "${apt_opts[@]}" "${to_install[@]}" </dev/null
}

# --- Python virtualenv ---------------------------------------------------------------------
check_python() {
    command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found; install Python 3.11 or newer"
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "Python 3.11 or newer is needed ($PYTHON is $("$PYTHON" -V 2>&1))"
}

stamp_key() {
    {
        cat "$ROOT/pyproject.toml" "$CONSTRAINTS"
        echo "pip==$PIP_VERSION"
        "$VENV/bin/python" -VV
    } | sha256sum | cut -d' ' -f1
}

make_venv() {
    if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        return
    fi
    if [[ -e $VENV ]]; then
        say "$VENV is broken (its interpreter does not start); creating it again"
        rm -rf "$VENV"
    fi
    check_python
    say "creating $VENV with $("$PYTHON" -V 2>&1)"
    "$PYTHON" -m venv "$VENV"
}

install_python_packages() {
    [[ -f $CONSTRAINTS ]] || die "constraints.txt is missing (make constraints writes it from .venv)"
    local key
    key=$(stamp_key)
    if [[ -f $STAMP && $(<"$STAMP") == "$key" ]]; then
        return
    fi
    local pip=("$VENV/bin/python" -m pip --disable-pip-version-check)
    say "installing Python packages into $VENV (pinned by constraints.txt)"
    "${pip[@]}" install -q "pip==$PIP_VERSION"
    "${pip[@]}" install -q -c "$CONSTRAINTS" -e "$ROOT[dev]"
    check_qt_starts
    stamp_key >"$STAMP"
}

check_qt_starts() {
    # The clearest early failure for a missing system library is Qt itself refusing to start.
    if ! QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -c \
        'from PySide6.QtWidgets import QApplication; QApplication(["bootstrap"])' >/dev/null 2>"$VENV/qt-check.log"; then
        cat "$VENV/qt-check.log" >&2
        die "Qt could not start (offscreen); a system library is probably missing (see above)"
    fi
}

install_debian_packages
make_venv
install_python_packages
