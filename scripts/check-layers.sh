#!/usr/bin/env bash
# check-layers.sh: check that client/ keeps its layers apart (engine, domain, render, cli, web, app; docs/architecture.md).
#
#   scripts/check-layers.sh [--root DIR] [--allow FILE] [--print-allow]
#
# Rules, for every .c and .h under client/LAYER/:
#   1. #include "x.h" only from the file's own layer or a lower one (headers are found by
#      basename among client/*/*.h and common/*.h; lokmin.pb-c.h, generated from proto/, is common):
#        engine -> engine, common           domain -> domain, engine, common
#        render -> render, domain, engine, common
#        cli    -> cli, render, domain, engine, common   web -> web, render, domain, engine, common
#        app    -> app, cli, web, render, domain, engine, common (the program's main, above both front-ends)
#   2. engine/, domain/ and render/ never print, end the program, read argv, the terminal or the
#      passphrase variables (comments and string literals are ignored). fprintf into a FILE*
#      the caller passes stays allowed: stdout and stderr cannot be named.
#   3. cli/ leaves store writes, SQL, signing and record validation to the layers below.
# An allowlist (--allow FILE, default scripts/layers-allow.txt when present; the tree has
# none) lists tolerated violations as "FILE RULE [DETAIL]"; a line that covers nothing
# fails, so such a list only shrinks. --print-allow writes the list a tree would need.
# Exit status: 0 clean, 1 violations or stale allowlist lines, 2 usage.
# Needs only bash, find, sort and a POSIX awk (mawk is enough).
set -u

usage() {
	echo "usage: check-layers.sh [--root DIR] [--allow FILE] [--print-allow]" >&2
	exit 2
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
allow=""
print_allow=0
while [ $# -gt 0 ]; do
	case $1 in
	--root) [ $# -ge 2 ] || usage; root=$2; shift 2 ;;
	--allow) [ $# -ge 2 ] || usage; allow=$2; shift 2 ;;
	--print-allow) print_allow=1; shift ;;
	-h | --help)
		sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
		exit 0 ;;
	*) usage ;;
	esac
done
[ -d "$root/client" ] || { echo "check-layers: $root has no client/ folder" >&2; exit 2; }
root=$(cd "$root" && pwd)
if [ -z "$allow" ]; then
	allow=$root/scripts/layers-allow.txt
	[ -f "$allow" ] || allow=/dev/null # the list is gone once every violation is fixed
elif [ ! -f "$allow" ]; then
	echo "check-layers: no allowlist $allow" >&2
	exit 2
fi
case $allow in /*) ;; *) allow=$PWD/$allow ;; esac # read after the cd below
# Shown in messages: relative to the root when inside it.
allow_name=${allow#"$root"/}

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2

# Every source file of the client, and every header a quoted include may name.
find client -mindepth 1 -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort >"$tmp/files"
{
	find client -mindepth 2 -type f -name '*.h'
	[ -d common ] && find common -maxdepth 1 -type f -name '*.h'
	echo "proto/lokmin.pb-c.h"
} | LC_ALL=C sort >"$tmp/headers"

LC_ALL=C awk -v files="$tmp/files" -v headers="$tmp/headers" -v allow="$allow" -v allow_name="$allow_name" \
	-v print_allow="$print_allow" -v out_allow="$tmp/allow.out" '
function layer_of(path,    p) {
	split(path, p, "/")
	if (p[1] == "common" || p[1] == "proto")
		return "common"
	return p[2]
}
function basename(path,    n, p) {
	n = split(path, p, "/")
	return p[n]
}
function problem(msg) {
	print msg > "/dev/stderr"
	nproblems++
}
# One violation of rule (detail: which header, which call) at file:line.
function violation(file, line, rule, detail, msg,    k) {
	k = file " " rule (detail == "" ? "" : " " detail)
	nv++
	v_key[nv] = k
	v_file_rule[nv] = file " " rule
	v_msg[nv] = file ":" line ": " msg
	allow_lines[++nallow_lines] = k
}
# Every match of re in s (an identifier-led token), without its leading boundary and trailing "(".
function matches(re, s, out,    n, t) {
	n = 0
	while (match(s, re)) {
		t = substr(s, RSTART, RLENGTH)
		s = substr(s, RSTART + RLENGTH)
		sub(/^[^A-Za-z_<]/, "", t)
		sub(/[ \t]*\($/, "", t)
		sub(/[^A-Za-z0-9_.>]$/, "", t)
		out[++n] = t
	}
	return n
}
BEGIN {
	layers["engine"] = "engine, common"
	layers["domain"] = "domain, engine, common"
	layers["render"] = "render, domain, engine, common"
	layers["cli"] = "cli, render, domain, engine, common"
	layers["web"] = "web, render, domain, engine, common"
	layers["app"] = "app, cli, web, render, domain, engine, common"
	never["engine"] = "engine"
	never["domain"] = "domain"
	never["render"] = "render"
	while ((getline h < headers) > 0) {
		b = basename(h)
		if (b in hpath) {
			problem("check-layers: header \"" b "\" is both " hpath[b] " and " h \
			        "; an #include by name would be ambiguous")
			continue
		}
		hpath[b] = h
		hlayer[b] = layer_of(h)
	}
	close(headers)
	nallow = 0
	while ((getline l < allow) > 0) {
		nline++
		if (l ~ /^[ \t]*(#|$)/)
			continue
		nf = split(l, f, /[ \t]+/)
		if (f[1] == "") { # leading blanks
			for (i = 1; i < nf; i++) f[i] = f[i + 1]
			nf--
		}
		if (nf < 2 || nf > 3 || f[2] !~ /^(include|print|exit|argv|terminal|passphrase|store|sign|validate)$/) {
			problem(allow_name ":" nline ": not an allowlist line (FILE RULE [DETAIL]): " l)
			continue
		}
		k = f[1] " " f[2] (nf == 3 ? " " f[3] : "")
		if (k in a_line) {
			problem(allow_name ":" nline ": \"" k "\" is listed twice; remove this line")
			continue
		}
		a_line[k] = nline
		a_order[++nallow] = k
	}
	close(allow)
	while ((getline l < files) > 0)
		if (!(layer_of(l) in layers))
			problem(l ": not in a layer folder (client/engine, client/domain, client/render, client/cli, client/web or client/app)")
	close(files)
	ident = "(^|[^A-Za-z0-9_])"
	end = "([^A-Za-z0-9_]|$)"
}
FNR == 1 {
	incomment = 0
	file = FILENAME
	layer = layer_of(file)
}
!(layer in layers) { next }
{
	# Strip comments (code) and string and character literals (bare); line numbers stay.
	line = $0
	n = length(line)
	code = ""
	bare = ""
	i = 1
	while (i <= n) {
		c = substr(line, i, 1)
		if (incomment) {
			if (c == "*" && substr(line, i + 1, 1) == "/") {
				incomment = 0
				code = code " "
				bare = bare " "
				i += 2
			} else {
				i++
			}
			continue
		}
		if (c == "/" && substr(line, i + 1, 1) == "*") {
			incomment = 1
			i += 2
			continue
		}
		if (c == "/" && substr(line, i + 1, 1) == "/")
			break
		if (c == "\"" || c == "\047") {
			j = i + 1
			while (j <= n) {
				d = substr(line, j, 1)
				if (d == "\\") {
					j += 2
					continue
				}
				if (d == c)
					break
				j++
			}
			code = code substr(line, i, j - i + 1)
			bare = bare c c
			i = j + 1
			continue
		}
		code = code c
		bare = bare c
		i++
	}

	# 1. includes
	if (code ~ /^[ \t]*#[ \t]*include[ \t]*"/) {
		inc = code
		sub(/^[ \t]*#[ \t]*include[ \t]*"/, "", inc)
		sub(/".*$/, "", inc)
		b = basename(inc)
		if (!(b in hlayer)) {
			problem(file ":" FNR ": includes \"" inc "\", which is no header of client/ or common/")
		} else if (index(", " layers[layer] ",", ", " hlayer[b] ",") == 0) {
			violation(file, FNR, "include", b, "includes \"" inc "\" (" hlayer[b] ") \342\200\224 " \
			          layer " may include " layers[layer])
		}
	}

	# 2. engine, domain and render never talk to the user or the command line
	if (layer in never) {
		m = matches(ident "(printf|puts|putchar|perror|vprintf)[ \t]*\\(", bare, got)
		for (k = 1; k <= m; k++)
			violation(file, FNR, "print", "", "calls " got[k] "() \342\200\224 " layer " never prints")
		m = matches(ident "(stdout|stderr)" end, bare, got)
		for (k = 1; k <= m; k++)
			violation(file, FNR, "print", "", "uses " got[k] " \342\200\224 " layer " never prints")
		m = matches(ident "(exit|_exit|abort)[ \t]*\\(", bare, got)
		for (k = 1; k <= m; k++)
			violation(file, FNR, "exit", "", "calls " got[k] "() \342\200\224 " layer " never ends the program")
		m = matches(ident "argv" end, bare, got)
		for (k = 1; k <= m; k++)
			violation(file, FNR, "argv", "", "uses argv \342\200\224 " layer " never reads the command line")
		m = matches(ident "(stdin" end "|isatty[ \t]*\\(|tc[gs]etattr[ \t]*\\()", bare, got)
		for (k = 1; k <= m; k++)
			violation(file, FNR, "terminal", "", "uses " got[k] (got[k] == "stdin" ? "" : "()") \
			          " \342\200\224 " layer " never talks to the terminal")
		if (bare ~ /<[ \t]*termios\.h[ \t]*>/)
			violation(file, FNR, "terminal", "", "includes <termios.h> \342\200\224 " layer " never talks to the terminal")
		if (code ~ /getenv[ \t]*\([ \t]*"LOKMIN_(NEW_)?PASSPHRASE"[ \t]*\)/)
			violation(file, FNR, "passphrase", "", "reads the passphrase from the environment \342\200\224 " \
			          "only the cli asks for secrets")
	}

	# 3. cli leaves writes, SQL, signing and validation to the layers below
	if (layer == "cli") {
		m = matches(ident "lk_store_(put|begin|commit|rollback|query|define_function)[ \t]*\\(", bare, got)
		for (k = 1; k <= m; k++)
			violation(file, FNR, "store", "", "calls " got[k] "() \342\200\224 cli leaves store writes and SQL to the domain")
		m = matches(ident "lk_sign[ \t]*\\(", bare, got)
		for (k = 1; k <= m; k++)
			violation(file, FNR, "sign", "", "calls lk_sign() \342\200\224 cli leaves signing to the domain")
		m = matches(ident "lk_record_validate[ \t]*\\(", bare, got)
		for (k = 1; k <= m; k++)
			violation(file, FNR, "validate", "", "calls lk_record_validate() \342\200\224 cli leaves the rules to the domain")
	}
}
END {
	if (print_allow) {
		for (i = 1; i <= nallow_lines; i++)
			print allow_lines[i] > out_allow
		exit (nproblems > 0 ? 1 : 0)
	}
	bad = 0
	for (i = 1; i <= nv; i++) {
		if (v_key[i] in a_line) {
			used[v_key[i]] = 1
		} else if ((v_file_rule[i]) in a_line) {
			used[v_file_rule[i]] = 1
		} else {
			print v_msg[i] > "/dev/stderr"
			bad++
		}
	}
	stale = 0
	for (i = 1; i <= nallow; i++) {
		if (!(a_order[i] in used)) {
			print allow_name ":" a_line[a_order[i]] ": stale: \"" a_order[i] "\" covers nothing; remove this line" > "/dev/stderr"
			stale++
		}
	}
	if (bad || stale || nproblems) {
		printf "check-layers: %d violation(s), %d stale allowlist line(s), %d other problem(s)\n", bad, stale, nproblems > "/dev/stderr"
		exit 1
	}
	printf "check-layers: ok (%d known violation(s) covered by %d allowlist line(s))\n", nv, nallow
}
' $(cat "$tmp/files") /dev/null # /dev/null: awk never waits on stdin, even with no files
rc=$?
if [ "$print_allow" = 1 ] && [ "$rc" = 0 ]; then
	cat <<'EOF'
# layers-allow.txt: the violations of scripts/check-layers.sh that the client had when the
# layer rules came in, one per line: FILE RULE [DETAIL] (DETAIL: the header, for include).
# This list only shrinks: fix a violation, then delete its line (a line that covers nothing
# fails the check). Never add a line for new code. Generated by check-layers.sh --print-allow.
EOF
	[ -f "$tmp/allow.out" ] && LC_ALL=C sort -u "$tmp/allow.out"
fi
exit $rc
