# shellcheck shell=bash
# Helpers shared by scripts/, index-data/ and bench/ shell scripts. Source it; do not run it.
#   source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
# Defines PEERSCOPE_REPO (the repository root) and small logging/path helpers.

# Sourcing twice (a script and a library it sources) is harmless.
[[ -n ${ps_common_loaded:-} ]] && return 0
ps_common_loaded=1

PEERSCOPE_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
readonly PEERSCOPE_REPO

# The name shown in messages: the calling script's path relative to the repo.
ps_prog="${0#"$PEERSCOPE_REPO"/}"

# log MESSAGE...: progress to stderr, prefixed with the script name.
log() { printf '%s: %s\n' "$ps_prog" "$*" >&2; }

# warn MESSAGE...: a warning to stderr.
warn() { printf '%s: warning: %s\n' "$ps_prog" "$*" >&2; }

# die MESSAGE...: an error to stderr, then exit 1.
die() {
    printf '%s: error: %s\n' "$ps_prog" "$*" >&2
    exit 1
}

# usage_error MESSAGE...: a usage error to stderr, then exit 2.
usage_error() {
    printf '%s: %s (try --help)\n' "$ps_prog" "$*" >&2
    exit 2
}

# abs_path PATH: PATH made absolute against the current directory (need not exist).
abs_path() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$(pwd -P)" "$1" ;;
    esac
}

# default_data_mirror / default_seed_mirror: the mirrors as the environment names them
# (PEERSCOPE_DATA_MIRROR; PEERSCOPE_SEED_MIRROR, or PEERSCOPE_SEED_DIR as the tests call it),
# else ../shared/data and ../shared/seed next to the repository, else the workplace's
# /work/shared/data and /work/shared/seed when the clone lives elsewhere.
shared_default() {
    local beside="$PEERSCOPE_REPO/../shared/$1"
    if [[ ! -d $beside && -d /work/shared/$1 ]]; then
        printf '%s\n' "/work/shared/$1"
    else
        printf '%s\n' "$beside"
    fi
}
default_data_mirror() { abs_path "${PEERSCOPE_DATA_MIRROR:-$(shared_default data)}"; }
default_seed_mirror() {
    abs_path "${PEERSCOPE_SEED_MIRROR:-${PEERSCOPE_SEED_DIR:-$(shared_default seed)}}"
}

# build_jobs: parallel build jobs (PEERSCOPE_JOBS, else the number of cores).
build_jobs() { printf '%s\n' "${PEERSCOPE_JOBS:-$(nproc)}"; }

# sha256_of FILE: the file's SHA-256 in hex.
sha256_of() {
    local sum
    sum="$(sha256sum -- "$1")" || return 1
    printf '%s\n' "${sum%% *}"
}

# has_xapian_db DIR: true when DIR is, or holds within two levels, a Xapian database (a Peerscope
# index is a folder of several).
has_xapian_db() {
    [[ -d $1 ]] || return 1
    [[ -n "$(find "$1" -maxdepth 3 -type f \( -name iamglass -o -name iamchert -o -name iamhoney \) -print -quit)" ]]
}
