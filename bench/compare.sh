#!/usr/bin/env bash
# compare.sh times logscan against cat, awk and GoAccess on one generated
# access log and prints a Markdown table. See bench/README.md.
#
# Usage: bench/compare.sh [SIZE] [RUNS]
#   SIZE  size of the generated combined log, as loggen -size takes it (default 1G)
#   RUNS  runs of each command; the table shows the median (default 3)
# Environment: SEED (loggen seed, default 1), NO_INSTALL=1 (never call apt-get).
set -euo pipefail

usage() {
	sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

log() { printf '%s\n' "$*" >&2; }
die() {
	log "compare.sh: $*"
	exit 2
}

case "${1:-}" in
-h | --help)
	usage
	exit 0
	;;
esac
SIZE=${1:-${SIZE:-1G}}
RUNS=${2:-${RUNS:-3}}
SEED=${SEED:-1}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[[ $SEED =~ ^[0-9]+$ ]] || die "SEED must be a non-negative integer, got '$SEED'"

# Work from the repository root so every path below is relative to it.
here=$(dirname "${BASH_SOURCE[0]}")
root=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null) || root=$(cd "$here/.." && pwd)
cd "$root"
out=bench/out
mkdir -p "$out"
# The C locale: byte semantics for the awks (their fastest mode) and a "."
# decimal separator in $EPOCHREALTIME.
export LC_ALL=C

command -v go >/dev/null || die "go is not installed"

# ensure_tools installs gawk, goaccess and /usr/bin/time from Debian's
# packages when they are missing, running apt-get update only when the
# first install attempt fails.
ensure_tools() {
	local missing=()
	command -v gawk >/dev/null || missing+=(gawk)
	command -v goaccess >/dev/null || missing+=(goaccess)
	[[ -x /usr/bin/time ]] || missing+=(time)
	((${#missing[@]})) || return 0
	if [[ ${NO_INSTALL:-} == 1 ]] || ! command -v apt-get >/dev/null; then
		log "missing: ${missing[*]} (not installing); their rows will be skipped"
		return 0
	fi
	local sudo=()
	if ((EUID != 0)); then
		if command -v sudo >/dev/null; then
			sudo=(sudo)
		else
			log "missing: ${missing[*]}, and not root: their rows will be skipped"
			return 0
		fi
	fi
	local install=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}")
	log "installing ${missing[*]} with apt-get"
	if ! "${install[@]}" >&2; then
		log "apt-get install failed; running apt-get update and trying again"
		"${sudo[@]}" apt-get update -q >&2 || true
		"${install[@]}" >&2 || log "could not install ${missing[*]}; their rows will be skipped"
	fi
}

ensure_tools
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed to measure memory (Debian package 'time')"

# The data: loggen is deterministic, so the same SIZE and SEED give the same
# file on every machine. It is regenerated on each run (a few seconds per GB)
# so that it always matches the current loggen.
log "building loggen"
go build -o "$out/loggen" ./cmd/loggen
data="$out/access-$SIZE-seed$SEED.log"
log "generating $data and $data.gz"
"$out/loggen" -size "$SIZE" -seed "$SEED" -format combined -o "$data"
"$out/loggen" -size "$SIZE" -seed "$SEED" -format combined -gzip -o "$data.gz"
bytes=$(stat -c %s "$data")
gzbytes=$(stat -c %s "$data.gz")
lines=$(wc -l <"$data")

logscan=""
if [[ -d cmd/logscan ]]; then
	log "building logscan"
	if go build -o "$out/logscan" ./cmd/logscan; then
		logscan="$out/logscan"
	else
		log "skip: go build ./cmd/logscan failed; logscan rows skipped"
	fi
else
	log "skip: cmd/logscan does not exist on this branch yet; logscan rows skipped"
fi

log "warming the page cache"
cat "$data" "$data.gz" >/dev/null

# register NAME KIND SHOWN CMD... adds a command to the runs. KIND is
# "plain" or "gz": gz rows compare with logscan on the gzip file. SHOWN is
# the command as the table prints it.
reg_names=() reg_kinds=() reg_shows=() reg_cmds=()
register() {
	reg_names+=("$1")
	reg_kinds+=("$2")
	reg_shows+=("$3")
	shift 3
	reg_cmds+=("$(printf '%q ' "$@")")
}

# skip NAME KIND SHOWN WHY records a row that cannot run.
skipped_names=() skipped_kinds=() skipped_shows=()
skip() {
	log "skip: $1: $4"
	skipped_names+=("$1")
	skipped_kinds+=("$2")
	skipped_shows+=("$3")
}

# The awk program every awk runs: count requests per status ($9 in combined).
# shellcheck disable=SC2016 # $9 is awk's, not the shell's
prog='{c[$9]++} END{for(k in c) print k, c[k]}'

register "cat" plain "cat $data > /dev/null" cat "$data"
if command -v gawk >/dev/null; then
	register "gawk" plain "gawk '$prog' $data" gawk "$prog" "$data"
else
	skip "gawk" plain "gawk '$prog' $data" "gawk is not installed"
fi
if command -v mawk >/dev/null; then
	register "mawk" plain "mawk '$prog' $data" mawk "$prog" "$data"
fi
if command -v goaccess >/dev/null; then
	# --no-global-config: ignore /etc/goaccess; stdin is /dev/null so
	# GoAccess does not wait for piped input.
	register "goaccess" plain "goaccess $data --log-format=COMBINED --no-global-config --no-progress -o $out/report.json" \
		goaccess "$data" --log-format=COMBINED --no-global-config --no-progress -o "$out/report.json"
else
	skip "goaccess" plain "goaccess $data --log-format=COMBINED ..." "goaccess is not installed"
fi
if [[ -n $logscan ]]; then
	register "logscan" plain "$logscan $data > /dev/null" "$logscan" "$data"
	register "logscan GOMAXPROCS=1" plain "GOMAXPROCS=1 $logscan $data > /dev/null" env GOMAXPROCS=1 "$logscan" "$data"
else
	skip "logscan" plain "$out/logscan $data > /dev/null" "no logscan binary"
	skip "logscan GOMAXPROCS=1" plain "GOMAXPROCS=1 $out/logscan $data > /dev/null" "no logscan binary"
fi
register "zcat" gz "zcat $data.gz > /dev/null" zcat "$data.gz"
if [[ -n $logscan ]]; then
	register "logscan (gzip)" gz "$logscan $data.gz > /dev/null" "$logscan" "$data.gz"
else
	skip "logscan (gzip)" gz "$out/logscan $data.gz > /dev/null" "no logscan binary"
fi

# The runs are interleaved: round r runs every command once, so that a
# period when the machine is slower (a shared host's neighbours) falls on
# all the tools alike instead of on whichever ran then. Each run has stdin
# from /dev/null and stdout discarded; the table shows the median wall time
# and the largest maximum resident set size.
declare -A times=() rss=() failed=()
tf="$out/time.out" ef="$out/stderr.out"
for ((r = 1; r <= RUNS; r++)); do
	for i in "${!reg_names[@]}"; do
		[[ -n ${failed[$i]:-} ]] && continue
		log "round $r/$RUNS: ${reg_names[$i]}"
		t0=$EPOCHREALTIME
		rc=0
		eval "/usr/bin/time -f '%M' -o \"\$tf\" ${reg_cmds[$i]}" </dev/null >/dev/null 2>"$ef" || rc=$?
		t1=$EPOCHREALTIME
		if ((rc != 0)); then
			log "  ${reg_names[$i]} failed (exit $rc): $(tail -n 3 "$ef")"
			failed[$i]=1
			continue
		fi
		t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
		m=$(tail -n 1 "$tf")
		log "  ${t}s, max RSS ${m} KB"
		times[$i]+="$t "
		((m > ${rss[$i]:-0})) && rss[$i]=$m
	done
done

# Results, one entry per row.
names=() kinds=() shows=() medians=() rsss=()
for i in "${!reg_names[@]}"; do
	names+=("${reg_names[$i]}")
	kinds+=("${reg_kinds[$i]}")
	shows+=("${reg_shows[$i]}")
	if [[ -n ${failed[$i]:-} ]]; then
		medians+=("") rsss+=("")
		continue
	fi
	# shellcheck disable=SC2086 # the times are space-separated on purpose
	medians+=("$(printf '%s\n' ${times[$i]} | sort -g | awk '
		{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')")
	rsss+=("${rss[$i]}")
done
for i in "${!skipped_names[@]}"; do
	names+=("${skipped_names[$i]}")
	kinds+=("${skipped_kinds[$i]}")
	shows+=("${skipped_shows[$i]}")
	medians+=("") rsss+=("")
done

# The baselines for the ratios: logscan on the plain and the gzip file.
base_t_plain="" base_m_plain="" base_t_gz="" base_m_gz=""
for i in "${!names[@]}"; do
	case ${names[$i]} in
	logscan) base_t_plain=${medians[$i]} base_m_plain=${rsss[$i]} ;;
	"logscan (gzip)") base_t_gz=${medians[$i]} base_m_gz=${rsss[$i]} ;;
	esac
done

# table prints the report in Markdown.
table() {
	echo "## logscan vs other tools"
	echo
	echo "- data: \`$data\`, $bytes bytes ($((bytes / 1000000)) MB), $lines lines, combined format," \
		"loggen -size $SIZE -seed $SEED; gzip copy $gzbytes bytes"
	echo "- runs per command: $RUNS (median wall time; largest max RSS); page cache warm"
	echo "- machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown CPU)"
	echo "- $(go version)"
	if command -v goaccess >/dev/null; then echo "- $(goaccess --version 2>/dev/null | head -n 1)"; fi
	if command -v gawk >/dev/null; then echo "- $(gawk --version 2>/dev/null | head -n 1)"; fi
	echo "- MB/s and lines/s count the uncompressed log, also for gzip rows; ratios are this row ÷ logscan on the same file (× time, × memory)"
	echo
	echo "| tool | command | median s | MB/s | lines/s | max RSS MiB | time × logscan | RSS × logscan |"
	echo "|:-----|:--------|---------:|-----:|--------:|------------:|---------------:|--------------:|"
	local i t m bt bm shown
	for i in "${!names[@]}"; do
		t=${medians[$i]} m=${rsss[$i]}
		shown=${shows[$i]//|/\\|}
		if [[ -z $t ]]; then
			echo "| ${names[$i]} | \`$shown\` | skipped | | | | | |"
			continue
		fi
		if [[ ${kinds[$i]} == gz ]]; then
			bt=$base_t_gz bm=$base_m_gz
		else
			bt=$base_t_plain bm=$base_m_plain
		fi
		awk -v name="${names[$i]}" -v cmd="$shown" -v t="$t" -v m="$m" -v bt="$bt" -v bm="$bm" \
			-v bytes="$bytes" -v lines="$lines" 'BEGIN {
			rt = (bt == "") ? "n/a" : sprintf("%.2f", t / bt)
			rm = (bm == "") ? "n/a" : sprintf("%.2f", m / bm)
			printf "| %s | `%s` | %.3f | %.0f | %.2f M | %.1f | %s | %s |\n",
				name, cmd, t, bytes / 1e6 / t, lines / t / 1e6, m / 1024, rt, rm
		}'
	done
	if [[ -z $logscan ]]; then
		echo
		echo "logscan rows skipped: \`cmd/logscan\` is not on this branch yet."
	fi
}

table | tee "$out/compare.md"
log "table saved to $out/compare.md"
