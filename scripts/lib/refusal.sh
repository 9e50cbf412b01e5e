# shellcheck shell=bash
# Sourced by the secure demos, which show a call that must be refused.
#   show_expected_refusal FILE CODE  FILE holds the client's stderr of that call. Fails (FILE
#                                    shown) unless it names CODE; otherwise prints the refusal
#                                    without the client's "N call(s) failed" summary (which reads
#                                    as a failure of the demo) and "refused as expected (CODE)".
show_expected_refusal() {
  local file=$1 code=$2
  if ! grep -q "$code" "$file"; then
    cat "$file" >&2
    echo "the refusal was not $code" >&2
    return 1
  fi
  grep -v 'call(s) failed$' "$file" || true
  echo "refused as expected ($code)"
}
