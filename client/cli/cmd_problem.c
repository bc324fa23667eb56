/* cmd_problem: `lokmin problem`: problems with their gap, root causes and USG priority. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_json.h"
#include "lk_util.h"
#include "store.h"

/* A problem named by its indicator and given no gap takes the gap from the
 * achievement entered up to the month before the meeting. */
static int s_gap_from_capaian(lk_store *st, const ProtobufCMessage *mt, ProtobufCMessage *p)
{
	char *ind = lk_record_get(p, "indicator_code"), *gap = lk_record_get(p, "gap");
	char *year = lk_record_get(mt, "year"), *period = lk_record_get(mt, "period"), text[200];
	const char *kab, *kec, *pusk;
	int rc = 0, y = atoi(year), m = atoi(period) - 1;
	if (m < 1) {
		m = 12;
		y--;
	}
	lk_record_keys(mt, &kab, &kec, &pusk);
	if (ind[0] && !gap[0] && pusk[0] && capaian_gap_of(st, pusk, ind, y, m, text, sizeof text) == 0)
		rc = lk_record_set(p, "gap", text);
	free(ind);
	free(gap);
	free(year);
	free(period);
	return rc;
}

static int s_add(lk_store *st, int argc, char **argv)
{
	const struct lk_entity *e = lk_entity_find("problem");
	ProtobufCMessage *mt = NULL, *p = NULL;
	char err[300], *causes = calloc(1, 1);
	size_t clen = 0;
	int rc = 1;

	if (argc < 3 || causes == NULL) {
		free(causes);
		return cmd_usage("problem");
	}
	if (lk_store_get(st, lk_entity_find("meeting"), argv[2], &mt) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device\n", argv[2]);
		free(causes);
		return 1;
	}
	if ((p = record_for_meeting("problem", mt)) == NULL)
		goto out;
	for (int i = 3; i < argc; i++) {
		const char *field = NULL;
		if (!strcmp(argv[i], "--cross-sector")) {
			if (lk_record_set(p, "cross_sector", "1") != 0)
				goto out;
			continue;
		}
		if (i + 1 >= argc) {
			rc = cmd_usage("problem");
			goto out;
		}
		if (!strcmp(argv[i], "--indicator"))
			field = "indicator_code";
		else if (!strcmp(argv[i], "--gap"))
			field = "gap";
		else if (!strcmp(argv[i], "--description"))
			field = "description";
		else if (!strcmp(argv[i], "--recommendation"))
			field = "recommendation";
		else if (!strcmp(argv[i], "--cause")) {
			/* Each --cause is one line of the fishbone: "category: cause". */
			const char *c = argv[++i];
			char *nc = realloc(causes, clen + strlen(c) + 2);
			if (nc == NULL)
				goto out;
			causes = nc;
			clen += (size_t)sprintf(causes + clen, "%s%s", clen ? "\n" : "", c);
			continue;
		} else if (!strcmp(argv[i], "--usg")) {
			int uu, ss, gg;
			char tail;
			if (sscanf(argv[++i], "%d,%d,%d%c", &uu, &ss, &gg, &tail) != 3) {
				fprintf(stderr, "lokmin: --usg takes three scores, e.g. --usg 5,4,3\n");
				rc = 2;
				goto out;
			}
			char v[3][8];
			snprintf(v[0], sizeof v[0], "%d", uu);
			snprintf(v[1], sizeof v[1], "%d", ss);
			snprintf(v[2], sizeof v[2], "%d", gg);
			if (lk_record_set(p, "urgency", v[0]) || lk_record_set(p, "seriousness", v[1]) ||
			    lk_record_set(p, "growth", v[2]))
				goto out;
			continue;
		} else {
			rc = cmd_usage("problem");
			goto out;
		}
		if (lk_record_set(p, field, argv[++i]) != 0)
			goto out;
	}
	if (lk_record_set(p, "root_causes", causes) != 0 || s_gap_from_capaian(st, mt, p) != 0)
		goto out;
	if (lk_store_put(st, e, p, NULL, 0, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("%s\n", lk_record_id(p));
	rc = 0;
out:
	free(causes);
	lk_record_free(mt);
	lk_record_free(p);
	return rc;
}

struct item {
	ProtobufCMessage *m;
	int score;
};

struct listing {
	const char *meeting;
	struct item *items;
	size_t n, cap;
};

static int s_score(const ProtobufCMessage *m)
{
	static const char *const f[] = {"urgency", "seriousness", "growth"};
	int sum = 0;
	for (int i = 0; i < 3; i++) {
		char *v = lk_record_get(m, f[i]);
		sum += atoi(v);
		free(v);
	}
	return sum;
}

static int s_collect(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct listing *l = arg;
	char *mid = lk_record_get(m, "meeting_id");
	int mine = !lk_record_deleted(m) && (l->meeting == NULL || !strcmp(mid, l->meeting));
	free(mid);
	if (!mine)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct item *ni = realloc(l->items, cap * sizeof *ni);
		if (ni == NULL)
			return -LK_ENOMEM;
		l->items = ni;
		l->cap = cap;
	}
	l->items[l->n].m = lk_record_copy(e, m);
	l->items[l->n].score = s_score(m);
	return l->items[l->n++].m ? 0 : -LK_ENOMEM;
}

/* Highest USG first; equal scores keep the order they were entered in (ids are time-ordered). */
static int s_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(lk_record_id(x->m), lk_record_id(y->m));
}

int cmd_problem(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("problem");
	if (cmd_is_help(argc, argv)) {
		cmd_help("problem");
		printf("\n  add MEETING-ID --description TEXT [--indicator CODE] [--gap TEXT] [--usg U,S,G]\n"
		       "      [--cause \"method: ...\"]... [--recommendation TEXT] [--cross-sector]\n"
		       "  list MEETING-ID      by priority (U+S+G, highest first)\n"
		       "  flagged              every problem flagged for the cross-sector (quarterly) lokmin\n"
		       "Fishbone categories: man, method, material, money, machine, environment.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "add"))
		return s_add(st, argc, argv);
	int flagged = !strcmp(argv[1], "flagged") && argc == 2;
	if (!flagged && !(!strcmp(argv[1], "list") && argc == 3))
		return cmd_usage("problem");
	struct listing l = {flagged ? NULL : argv[2], NULL, 0, 0};
	if (lk_store_list(st, lk_entity_find("problem"), s_collect, &l) < 0)
		return 1;
	qsort(l.items, l.n, sizeof *l.items, s_cmp);
	int shown = 0, rc = 0;
	if (!s->opt.json)
		printf("%-4s  %-3s  %-14s  %s\n", "RANK", "USG", "INDICATOR", "PROBLEM");
	for (size_t i = 0; i < l.n; i++) {
		const ProtobufCMessage *m = l.items[i].m;
		char *cross = lk_record_get(m, "cross_sector");
		int is_cross = !strcmp(cross, "1");
		free(cross);
		if (!flagged || is_cross) {
			shown++;
			if (s->opt.json) {
				rc |= lk_record_json(stdout, lk_entity_find("problem"), m);
			} else {
				char *ind = lk_record_get(m, "indicator_code"), *desc = lk_record_get(m, "description"),
				     *causes = lk_record_get(m, "root_causes"), *gap = lk_record_get(m, "gap");
				printf("%-4d  %-3d  %-14s  %s%s\n", shown, l.items[i].score, ind[0] ? ind : "-", desc,
				       is_cross ? "  [cross-sector]" : "");
				if (gap[0])
					printf("%32s%s\n", "gap: ", gap);
				free(gap);
				for (char *c = causes, *nl; c && *c; c = nl ? nl + 1 : NULL) {
					nl = strchr(c, '\n');
					printf("%32s%.*s\n", "cause: ", nl ? (int)(nl - c) : (int)strlen(c), c);
				}
				free(ind);
				free(desc);
				free(causes);
			}
		}
		lk_record_free(l.items[i].m);
	}
	free(l.items);
	if (!s->opt.json)
		printf("%d problems\n", shown);
	return rc ? 1 : 0;
}
