#!/usr/bin/env bash
# The man pages explain every command and option the programs have: each subcommand, each
# --option and each choice a value allows ({csv,json,…}) that `--help` lists, for the program
# and each of its subcommands, must appear in the program's man page. Also checks that the
# pages are well-formed roff (man --warnings, when man-db is installed).
# Usage: man_pages_test.sh SERVER_BINARY KIOSK_BINARY|- MAN_DIR
set -euo pipefail

server=$1
kiosk=$2
man_dir=$3
failures=0
checked=0

# The page's text with roff escapes taken out: \- is a hyphen, font changes vanish.
page_text() {
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(dq/"/g' "$1"
}

# Everything `--help` names: subcommands, long options, and the values of {a,b,c} choices.
help_terms() {
    local help=$1
    set +e +o pipefail  # a help text without choices (grep finds nothing) still lists the rest
    # Long options, e.g. "  -h,--help" or "  --min-group INT=5".
    grep -oE '^ +(-[a-zA-Z],)?--[a-z0-9-]+' <<<"$help" | sed -E 's/^ +(-[a-zA-Z],)?//'
    # Choices of an option or positional, e.g. TEXT:{csv,json,md,html}.
    grep -oE ':\{[a-z0-9,_-]+\}' <<<"$help" | tr -d ':{}' | tr ',' '\n'
    # Subcommands: the indented first words after "Subcommands:".
    awk '/^Subcommands:/ {in_list = 1; next} in_list && /^  [a-z]/ {print $1}' <<<"$help"
}

check() {  # check PROGRAM_NAME MAN_PAGE HELP_TEXT CONTEXT
    local name=$1 page=$2 help=$3 context=$4 text term
    text=$(page_text "$page")
    while read -r term; do
        [ -n "$term" ] || continue
        if ! grep -qE -- "(^|[^a-z0-9._/-])${term}([^a-z0-9_-]|$)" <<<"$text"; then
            echo "FAIL: $name: '$term' ($context) is not explained in $(basename "$page")" >&2
            failures=$((failures + 1))
        fi
        checked=$((checked + 1))
    done < <(help_terms "$help" | sort -u)
}

server_help=$("$server" --help)
check osaamissilta-server "$man_dir/osaamissilta-server.1" "$server_help" "osaamissilta-server --help"
subcommands=$(awk '/^Subcommands:/ {in_list = 1; next} in_list && /^  [a-z]/ {print $1}' <<<"$server_help")
[ -n "$subcommands" ] || { echo "FAIL: no subcommands found in osaamissilta-server --help" >&2; exit 1; }
count=0
for sub in $subcommands; do
    check osaamissilta-server "$man_dir/osaamissilta-server.1" "$("$server" "$sub" --help)" "$sub --help"
    count=$((count + 1))
done

if [ "$kiosk" != - ]; then
    check osaamissilta-kiosk "$man_dir/osaamissilta-kiosk.1" "$("$kiosk" --help)" "osaamissilta-kiosk --help"
fi

# Well-formed roff: man-db's checker, where it is installed (not a dependency of the tests).
if command -v man >/dev/null && man --help 2>&1 | grep -q -- --warnings; then
    for page in "$man_dir"/*.1; do
        warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null || true)
        if [ -n "$warnings" ]; then
            echo "FAIL: $(basename "$page"): roff warnings:" >&2
            echo "$warnings" >&2
            failures=$((failures + 1))
        fi
    done
fi

if ((failures)); then
    echo "$failures term(s) missing or pages malformed" >&2
    exit 1
fi
((checked > 40)) || { echo "FAIL: only $checked terms found in the --help texts; is the parsing broken?" >&2; exit 1; }
echo "man pages explain every command, option and choice: $checked terms, $count server subcommands"
