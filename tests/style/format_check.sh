#!/usr/bin/env bash
# Every C++ source of the project is as clang-format (Debian 12's, with .clang-format) writes it.
# Usage: format_check.sh SOURCE-DIR [CLANG-FORMAT]
set -euo pipefail
cd "$1"
format=${2:-clang-format}
mapfile -t files < <(find kiosk sync_server shared tests bench fuzz \( -name '*.cpp' -o -name '*.h' \) -print | sort)
"$format" --dry-run -Werror "${files[@]}"
echo "format check: ${#files[@]} files clean"
