#!/usr/bin/env bash
# selftest.sh: scripts/check-layers.sh on small trees made for each rule, and on a copy of the
# real client/ with one planted violation, so the check on the real tree is known to fail when it should.
#
#   tests/layers/selftest.sh [REPO_ROOT]
set -u

repo=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
check=$repo/scripts/check-layers.sh
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
failed=0
n=0

# A fresh minimal tree: one file per layer, each including only what it may.
fresh() {
	local t
	t=$(mktemp -d "$work/tree.XXXXXX")
	mkdir -p "$t/client/engine" "$t/client/domain" "$t/client/render" "$t/client/cli" "$t/common"
	printf '#ifndef LK_X_H\n#define LK_X_H\nint lk_x(void);\n#endif\n' >"$t/common/lk_x.h"
	printf '#include <stdio.h>\n#include "lk_x.h"\nint e(void);\n' >"$t/client/engine/e.h"
	printf '#include "e.h"\nint e(void) { return lk_x(); }\n' >"$t/client/engine/e.c"
	printf '#include "e.h"\nint d(void);\n' >"$t/client/domain/d.h"
	printf '#include "d.h"\n#include "lk_x.h"\nint d(void) { return e(); }\n' >"$t/client/domain/d.c"
	printf '#include "d.h"\n#include "e.h"\n#include "lk_x.h"\nint r(FILE *out);\n' >"$t/client/render/r.h"
	printf '#include <stdio.h>\n#include "r.h"\nint r(FILE *out) { return fprintf(out, "%%d", d()); }\n' >"$t/client/render/r.c"
	printf '#include <stdio.h>\n#include "d.h"\n#include "e.h"\n#include "r.h"\nint main(int argc, char **argv) { printf("%%d\\n", d()); return argc > 1; }\n' \
		>"$t/client/cli/main.c"
	echo "$t"
}

# expect NAME STATUS PATTERN TREE [ARGS...]: run the check on TREE; it must exit STATUS and,
# when PATTERN is not empty, print a line matching it (an extended regular expression).
expect() {
	local name=$1 want=$2 pattern=$3 tree=$4 out rc
	shift 4
	n=$((n + 1))
	out=$(bash "$check" --root "$tree" "$@" 2>&1)
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL $name: exit $rc, want $want"
		printf '%s\n' "$out" | sed 's/^/    /'
		failed=$((failed + 1))
	elif [ -n "$pattern" ] && ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
		echo "FAIL $name: no line matches /$pattern/"
		printf '%s\n' "$out" | sed 's/^/    /'
		failed=$((failed + 1))
	else
		echo "ok   $name"
	fi
}

# (a) a clean minimal tree passes.
t=$(fresh)
expect "a: clean tree" 0 "^check-layers: ok" "$t"

# (b) engine includes a domain header: named with file and line.
t=$(fresh)
printf '#include "b.h"\n' >"$t/client/engine/a.c"
printf 'int b(void);\n' >"$t/client/domain/b.h"
expect "b: engine includes domain" 1 '^client/engine/a\.c:1: includes "b\.h" \(domain\) .* engine may include engine, common$' "$t"

# (c) domain prints to stderr.
t=$(fresh)
printf '#include <stdio.h>\nvoid c(void)\n{\n\tfprintf(stderr, "x");\n}\n' >"$t/client/domain/c.c"
expect "c: domain uses stderr" 1 '^client/domain/c\.c:4: uses stderr .* domain never prints$' "$t"

# (d) the forbidden words only in comments and strings: nothing to report.
t=$(fresh)
printf '/* printf( */\n// exit(1); stderr\nconst char *d = "printf(\\"argv\\") stdout";\n/*\n * isatty(2)\n */\nchar q = \x27"\x27;\n' \
	>"$t/client/engine/d.c"
expect "d: comments and strings only" 0 "^check-layers: ok" "$t"

# (e) an allowlist line that covers nothing fails as stale.
t=$(fresh)
printf 'client/engine/e.c print\n' >"$t/allow.txt"
expect "e: stale allowlist line" 1 '^allow\.txt:1: stale: "client/engine/e\.c print" covers nothing' "$t" --allow "$t/allow.txt"

# render: sees domain, engine and common, never cli; neither engine nor domain sees render; it never prints.
t=$(fresh)
printf 'int m(void);\n' >"$t/client/cli/m.h"
printf '#include "m.h"\n' >"$t/client/render/bad.c"
expect "render includes cli" 1 '^client/render/bad\.c:1: includes "m\.h" \(cli\) .* render may include render, domain, engine, common$' "$t"
t=$(fresh)
printf '#include "r.h"\n' >"$t/client/domain/bad.c"
expect "domain includes render" 1 '^client/domain/bad\.c:1: includes "r\.h" \(render\) .* domain may include domain, engine, common$' "$t"
t=$(fresh)
printf '#include "r.h"\n' >"$t/client/engine/bad.c"
expect "engine includes render" 1 '^client/engine/bad\.c:1: includes "r\.h" \(render\)' "$t"
t=$(fresh)
printf '#include <stdio.h>\nvoid w(void) { puts("x"); fputs("y", stderr); }\n' >"$t/client/render/w.c"
expect "render prints" 1 '^client/render/w\.c:2: calls puts\(\) .* render never prints$' "$t"
expect "render uses stderr" 1 '^client/render/w\.c:2: uses stderr .* render never prints$' "$t"

# The allowlist lets a known violation pass, but only the one it names.
t=$(fresh)
printf '#include <stdlib.h>\nvoid g(void) { exit(1); }\n' >"$t/client/domain/g.c"
printf 'client/domain/g.c exit\n' >"$t/allow.txt"
expect "allowlist covers its violation" 0 "^check-layers: ok" "$t" --allow "$t/allow.txt"
printf 'void g2(void) { puts("x"); }\n' >>"$t/client/domain/g.c"
expect "allowlist covers nothing else" 1 '^client/domain/g\.c:3: calls puts\(\) .* domain never prints$' "$t" --allow "$t/allow.txt"

# cli: store writes and signing are the domain's.
t=$(fresh)
printf 'void h(void *st, void *r) { lk_store_put(st, r); lk_sign(r); }\n' >"$t/client/cli/h.c"
expect "cli writes the store" 1 '^client/cli/h\.c:1: calls lk_store_put\(\)' "$t"
expect "cli signs" 1 '^client/cli/h\.c:1: calls lk_sign\(\)' "$t"

# --print-allow writes the list that makes the tree pass.
bash "$check" --root "$t" --print-allow >"$t/generated.txt" 2>/dev/null
expect "print-allow makes the tree pass" 0 "^check-layers: ok" "$t" --allow "$t/generated.txt"

# A header name found in two layers, and a header in none.
t=$(fresh)
printf 'int x;\n' >"$t/client/cli/lk_x.h"
expect "ambiguous header name" 1 'header "lk_x\.h" is both' "$t"
t=$(fresh)
printf '#include "nowhere.h"\n' >"$t/client/engine/u.c"
expect "unknown header" 1 '^client/engine/u\.c:1: includes "nowhere\.h", which is no header' "$t"

# (f) a copy of the real client/ and common/ with its allowlist passes; one planted include fails.
t=$(mktemp -d "$work/real.XXXXXX")
cp -R "$repo/client" "$repo/common" "$t/"
mkdir -p "$t/scripts"
[ -f "$repo/scripts/layers-allow.txt" ] && cp "$repo/scripts/layers-allow.txt" "$t/scripts/"
expect "f: real tree copy passes" 0 "^check-layers: ok" "$t"
hdr=$(cd "$t/client/cli" && ls -- *.h | head -n 1)
echo "#include \"$hdr\"" >>"$t/client/engine/store.c"
line=$(wc -l <"$t/client/engine/store.c" | tr -d ' ')
expect "f: real tree with a planted include" 1 "^client/engine/store\\.c:$line: includes \"${hdr//./\\.}\" \\(cli\\)" "$t"

cp "$repo/client/render/doc.c" "$t/client/render/doc.c" 2>/dev/null && {
	echo "#include \"$hdr\"" >>"$t/client/render/doc.c"
	line=$(wc -l <"$t/client/render/doc.c" | tr -d ' ')
	expect "f: real render with a planted cli include" 1 "^client/render/doc\\.c:$line: includes \"${hdr//./\\.}\" \\(cli\\)" "$t"
}

echo "selftest: $((n - failed)) of $n passed"
[ "$failed" -eq 0 ]
