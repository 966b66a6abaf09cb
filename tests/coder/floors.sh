# Sourced by the accuracy floor tests: check_floors LABEL SCORE_LINE RECALL_FLOOR
# PRECISION_FLOOR prints the line and sets status=1 (with a FAIL line) when the line's
# recall=R or precision=P is missing or below its floor.
check_floors() {
  local label=$1 line=$2 rfloor=$3 pfloor=$4 recall precision
  echo "$label: $line"
  recall=$(sed -n 's/.*recall=\([0-9.]*\).*/\1/p' <<<"$line")
  precision=$(sed -n 's/.*precision=\([0-9.]*\).*/\1/p' <<<"$line")
  if [ -z "$recall" ] || [ -z "$precision" ]; then echo "FAIL: $label: no score line"; status=1; return; fi
  if awk -v r="$recall" -v f="$rfloor" 'BEGIN{exit !(r < f)}'; then
    echo "FAIL: $label: recall $recall below the floor $rfloor"; status=1
  fi
  if awk -v p="$precision" -v f="$pfloor" 'BEGIN{exit !(p < f)}'; then
    echo "FAIL: $label: precision $precision below the floor $pfloor"; status=1
  fi
}
