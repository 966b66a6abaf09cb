# Sourced by the accuracy floor tests: check_floors LABEL SCORE_LINE RECALL_FLOOR
# PRECISION_FLOOR prints the line and sets status=1 (with a FAIL line) when the line's
# recall=R or precision=P is missing or below its floor.
check_floors() {
  local label=$1 line=$2 rfloor=$3 pfloor=$4
  echo "$label: $line"
  check_named_floors "$label" "$line" recall "$rfloor" precision "$pfloor"
}
# check_named_floors LABEL LINE NAME FLOOR [NAME FLOOR...]: each NAME=value of LINE must be
# present and at least its FLOOR (else a FAIL line and status=1).
check_named_floors() {
  local label=$1 line=$2 name floor value
  shift 2
  while [ $# -ge 2 ]; do
    name=$1 floor=$2
    shift 2
    value=$(sed -n "s/.*\b$name=\([0-9.]*\).*/\1/p" <<<"$line")
    if [ -z "$value" ]; then echo "FAIL: $label: no $name in the score line"; status=1; continue; fi
    if awk -v v="$value" -v f="$floor" 'BEGIN{exit !(v < f)}'; then
      echo "FAIL: $label: $name $value below the floor $floor"; status=1
    fi
  done
}
