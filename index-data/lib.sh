# shellcheck shell=bash
# shellcheck disable=SC2034 # the ds_* variables are read by the scripts that source this file
# Reading dataset manifests: sourced by index-data/fetch, index-data/make-manifest and bench scripts.
#
# A dataset NAME has two files in index-data/manifests/:
#   NAME.dataset    header, KEY<TAB>VALUE lines (see index-data/README.md)
#   NAME.files.tsv  one line per file: path<TAB>sha256<TAB>bytes<TAB>url  (url "-" = none)
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

# PEERSCOPE_MANIFEST_DIR replaces the manifests folder (index-data/selftest uses it).
readonly kManifestDir="${PEERSCOPE_MANIFEST_DIR:-$PEERSCOPE_REPO/index-data/manifests}"

# The loaded dataset (set by load_dataset).
ds_name=""
ds_description=""
ds_format=""
ds_licence=""
ds_homepage=""
ds_default=""
ds_mirror_root=""
ds_mirror_sub=""
ds_sources=()
ds_url_prefixes=()
ds_url_targets=()
ds_includes=()
ds_input_formats=()
ds_input_globs=()

# list_datasets: every dataset name, one a line, sorted.
list_datasets() {
    local file
    for file in "$kManifestDir"/*.dataset; do
        [[ -e $file ]] || continue
        file="${file##*/}"
        printf '%s\n' "${file%.dataset}"
    done
}

# default_datasets: the datasets whose header says "default yes".
default_datasets() {
    local name
    while read -r name; do
        load_dataset "$name"
        if [[ $ds_default == yes ]]; then
            printf '%s\n' "$name"
        fi
    done < <(list_datasets)
}

# header_file NAME / files_file NAME: the manifest's two files.
header_file() { printf '%s/%s.dataset\n' "$kManifestDir" "$1"; }
files_file() { printf '%s/%s.files.tsv\n' "$kManifestDir" "$1"; }

# load_dataset NAME: reads NAME.dataset into the ds_* variables; dies on an unknown dataset or a
# malformed line (naming file and line).
load_dataset() {
    local name="$1" file line_no=0 key value rest
    file="$(header_file "$name")"
    if [[ ! -f $file ]]; then
        die "unknown dataset '$name' (known: $(list_datasets | tr '\n' ' '))"
    fi
    ds_name="" ds_description="" ds_format="" ds_licence="" ds_homepage="" ds_default=no
    ds_mirror_root="" ds_mirror_sub=""
    ds_sources=() ds_url_prefixes=() ds_url_targets=() ds_includes=()
    ds_input_formats=() ds_input_globs=()
    while IFS= read -r line || [[ -n $line ]]; do
        line_no=$((line_no + 1))
        [[ -z $line || $line == \#* ]] && continue
        key="${line%%$'\t'*}"
        [[ $key == "$line" ]] && die "$file:$line_no: expected KEY<TAB>VALUE"
        value="${line#*$'\t'}"
        case "$key" in
            name) ds_name="$value" ;;
            description) ds_description="$value" ;;
            format) ds_format="$value" ;;
            licence) ds_licence="$value" ;;
            homepage) ds_homepage="$value" ;;
            source) ds_sources+=("$value") ;;
            default) ds_default="$value" ;;
            include) ds_includes+=("$value") ;;
            mirror | url | input)
                rest="${value#*$'\t'}"
                [[ $rest == "$value" ]] && die "$file:$line_no: '$key' takes two TAB-separated values"
                case "$key" in
                    mirror) ds_mirror_root="${value%%$'\t'*}" ds_mirror_sub="$rest" ;;
                    url) ds_url_prefixes+=("${value%%$'\t'*}") ds_url_targets+=("$rest") ;;
                    input) ds_input_formats+=("${value%%$'\t'*}") ds_input_globs+=("$rest") ;;
                esac
                ;;
            *) die "$file:$line_no: unknown key '$key'" ;;
        esac
    done <"$file"
    [[ $ds_name == "$name" ]] || die "$file: 'name' is '$ds_name', expected '$name'"
    case "$ds_mirror_root" in
        data | seed) ;;
        *) die "$file: 'mirror' must be 'data' or 'seed' followed by a TAB and a subfolder" ;;
    esac
}

# dataset_mirror_dir [DATA_MIRROR [SEED_MIRROR]]: where the loaded dataset's files are in the
# mirror (the data mirror's subfolder, or the seed mirror).
dataset_mirror_dir() {
    local data_mirror="${1:-$(default_data_mirror)}" seed_mirror="${2:-$(default_seed_mirror)}" base
    if [[ $ds_mirror_root == seed ]]; then
        base="$seed_mirror"
    else
        base="$data_mirror"
    fi
    if [[ -n $ds_mirror_sub ]]; then
        printf '%s/%s\n' "$base" "$ds_mirror_sub"
    else
        printf '%s\n' "$base"
    fi
}

# url_for PATH: the download URL of a file of the loaded dataset ("-" when it has none). A url
# rule whose prefix ends in "/" covers every file below it (the rest of the path is appended);
# otherwise it names one file. The longest matching prefix wins.
url_for() {
    local path="$1" best="" best_len=-1 i prefix
    for i in "${!ds_url_prefixes[@]}"; do
        prefix="${ds_url_prefixes[$i]}"
        if [[ $prefix == */ && $path == "$prefix"* ]] || [[ $path == "$prefix" ]]; then
            if ((${#prefix} > best_len)); then
                best_len=${#prefix}
                if [[ $prefix == */ ]]; then
                    best="${ds_url_targets[$i]}${path#"$prefix"}"
                else
                    best="${ds_url_targets[$i]}"
                fi
            fi
        fi
    done
    printf '%s\n' "${best:--}"
}

# input_format_of PATH: the peerscope-index format of a file the loaded dataset indexes;
# fails (status 1) for files that are not index inputs (queries, judgments, licences).
input_format_of() {
    local i
    for i in "${!ds_input_globs[@]}"; do
        # shellcheck disable=SC2053 # the glob is a pattern on purpose
        if [[ $1 == ${ds_input_globs[$i]} ]]; then
            printf '%s\n' "${ds_input_formats[$i]}"
            return 0
        fi
    done
    return 1
}

# read_files NAME: the manifest's file lines (comments and blank lines dropped), for
#   while IFS=$'\t' read -r path sha256 bytes url; do ...; done < <(read_files NAME)
read_files() {
    local file
    file="$(files_file "$1")"
    [[ -f $file ]] || die "$file is missing: run index-data/make-manifest $1"
    grep -v -e '^#' -e '^$' "$file" || true
}
