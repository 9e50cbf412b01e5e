# shellcheck shell=bash
# Sourced first by every entry point as `source .../lib/help.sh "$@"`: when the first argument is
# --help or -h, prints the script's header comment (the leading `#` lines after the shebang,
# without the `# `) and exits 0. usage_error prints the same text to stderr and exits 2. A script
# that handles --help itself sources it with "" as the argument and calls print_help.
print_help() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
}
usage_error() {
  print_help >&2
  exit 2
}
case "${1:-}" in
  --help | -h) print_help; exit 0 ;;
esac
