/* cmd_sync: `lokmin sync`: its flags, and the progress line, notices and summary of lk_sync_run. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_fmt.h"
#include "client.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "sync.h"

struct view {
	int tty;
	uint64_t last_progress;
};

static void s_progress(struct view *v, const struct lk_sync_stats *n, int final)
{
	uint64_t now = lk_mono_us();
	if (!v->tty || (!final && now - v->last_progress < 200000))
		return;
	v->last_progress = now;
	char sent[CLI_FMT_LEN], received[CLI_FMT_LEN];
	cli_num((double)(n->bytes_out + n->att.bytes_up) / 1024, 1, sent, sizeof sent);
	cli_num((double)(n->bytes_in + n->att.bytes_down) / 1024, 1, received, sizeof received);
	fputc('\r', stderr);
	fprintf(stderr, _("sync: %lld ops pushed, %lld changes pulled, %s KB sent, %s KB received, "
	                  "%lld chunks up, %lld down%s"),
	        (long long)n->pushed, (long long)n->pulled, sent, received, (long long)n->att.chunks_up,
	        (long long)n->att.chunks_down, final ? "\n" : "   ");
	fflush(stderr);
}

static void s_event(const struct lk_sync_event *ev, void *arg)
{
	struct view *v = arg;
	switch (ev->kind) {
	case LK_SYNC_PROGRESS:
		s_progress(v, ev->n, ev->final);
		break;
	case LK_SYNC_RETRY:
		if (v->tty)
			fprintf(stderr, "\n");
		fprintf(stderr, _("lokmin: sync interrupted (%s); retrying in %.2g s (%d of %d)\n"), ev->error,
		        ev->delay_ms / 1000.0, ev->attempt, ev->retries);
		break;
	case LK_SYNC_FILE_SKIPPED:
		if (ev->skip->quota)
			fprintf(stderr,
			        _("lokmin: attachment %s (%s) was not uploaded: the server's upload quota for this device "
			        "is used up (%s); a later sync sends it\n"),
			        ev->skip->record_id, ev->skip->filename, ev->error);
		else
			fprintf(stderr, _("lokmin: attachment %s (%s) was not uploaded: %s\n"), ev->skip->record_id,
			        ev->skip->filename, ev->error);
		break;
	case LK_SYNC_ORG_STALE:
		fprintf(stderr, _("lokmin: the list of puskesmas was not updated (%s); the next sync tries again\n"),
		        ev->error);
		break;
	case LK_SYNC_CATALOGUE_STALE:
		fprintf(stderr, _("lokmin: the indicator catalogue was not updated (%s); the next sync tries again\n"),
		        ev->error);
		break;
	case LK_SYNC_UPLOAD: {
		uint64_t now = lk_mono_us();
		int last = ev->upload->done >= ev->upload->total;
		if (!v->tty || (!last && now - v->last_progress < 200000))
			break;
		v->last_progress = now;
		fputc('\r', stderr);
		fprintf(stderr, _("sync: uploading %s: %d%%   "), ev->upload->filename,
		        ev->upload->total > 0 ? (int)(ev->upload->done * 100 / ev->upload->total) : 100);
		fflush(stderr);
		break;
	}
	}
}

static void s_summary(const struct lk_sync_stats *n)
{
	const struct lk_store_status *stt = &n->after;
	printf(_("sync: pushed %lld ops (%lld applied, %lld conflicts, %lld rejected, %lld already applied), "
	         "pulled %lld changes, uploaded %lld files in %lld chunks, %lld bytes sent, %lld received, %.2f s\n"),
	       (long long)n->pushed, (long long)n->applied, (long long)n->conflict, (long long)n->rejected,
	       (long long)n->duplicate, (long long)n->pulled, (long long)n->att.files_up, (long long)n->att.chunks_up,
	       (long long)(n->bytes_out + n->att.bytes_up), (long long)n->bytes_in,
	       (double)(lk_mono_us() - n->t0) / 1e6);
	fflush(stdout);
	if (stt->failed_ops > 0)
		fprintf(stderr, _("lokmin: %lld changes were refused by the server; see `lokmin failed`\n"),
		        (long long)stt->failed_ops);
	if (stt->open_conflicts > 0)
		fprintf(stderr, _("lokmin: %lld conflicts wait to be settled; see `lokmin conflicts`\n"),
		        (long long)stt->open_conflicts);
	if (n->unheld > 0)
		fprintf(stderr,
		        P_("lokmin: %lld record held back earlier is applied now\n",
		           "lokmin: %lld records held back earlier are applied now\n", (unsigned long)n->unheld),
		        (long long)n->unheld);
	/* The sync did complete: a warning, not a failure. */
	if (stt->quarantined > 0)
		fprintf(stderr,
		        P_("lokmin: %lld record from the server could not be applied here and is held back; "
		           "see `lokmin failed`\n",
		           "lokmin: %lld records from the server could not be applied here and are held back; "
		           "see `lokmin failed`\n",
		           (unsigned long)stt->quarantined),
		        (long long)stt->quarantined);
}

int cmd_sync(struct session *s, int argc, char **argv)
{
	struct lk_sync_opts o;
	struct lk_sync_stats n;
	struct view v = {0, 0};
	lk_sync_opts_default(&o);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf(_("usage: lokmin sync [--batch N] [--inflight K] [--page N] [--retries N]\n\n"
			       "Send this device's unsynced changes to lokmind and fetch the changes of others.\n"
			       "Retries with backoff when the link drops; what is not sent stays queued.\n"
			       "A record from the server that this device cannot apply is held back (see\n"
			       "`lokmin failed`) and tried again by every sync; the others still apply.\n"));
			return 0;
		} else if (!strcmp(argv[i], "--batch") && i + 1 < argc && atoi(argv[i + 1]) > 0)
			o.batch = (size_t)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--inflight") && i + 1 < argc && atoi(argv[i + 1]) > 0)
			o.inflight = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--page") && i + 1 < argc && atoi(argv[i + 1]) > 0)
			o.page = (uint32_t)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--retries") && i + 1 < argc && atoi(argv[i + 1]) >= 0)
			o.retries = atoi(argv[++i]);
		else {
			fprintf(stderr, _("usage: lokmin sync [--batch N] [--inflight K] [--page N] [--retries N]\n"));
			return 2;
		}
	}
	/* Opened here so that a failure reads as for every other command. */
	if (session_store(s) == NULL || session_connect(s) != 0)
		return 1;
	s->eng.timeout_ms = s->opt.timeout;
	v.tty = isatty(2);
	if (lk_sync_run(&s->eng, &o, s_event, &v, &n) != 0) {
		fprintf(stderr,
		        _("lokmin: sync did not finish: %s\n       %lld changes are kept on this device "
		          "and will be sent by the next sync\n"),
		        lk_engine_error(&s->eng), (long long)(n.after.pending_ops + n.after.sent_ops));
		session_store_close(s);
		return 1;
	}
	s_summary(&n);
	session_store_close(s);
	return 0;
}
