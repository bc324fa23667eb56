/* notulen: the Notulen laid out from its canonical text (doc_text "notulen") with the notulis' and the head's signatures. */
#ifndef RD_NOTULEN_H
#define RD_NOTULEN_H

#include <protobuf-c/protobuf-c.h>

#include "doc.h"
#include "doc_text.h"
#include "dom.h"

/* The label (in the message language) of a cause category code of the text
 * (manusia, metode, material, dana, mesin_alat, lingkungan, lain). */
const char *rd_notulen_cause_label(const char *code);
/* The six fishbone categories in the order a Notulen lists them, NULL-terminated. */
extern const char *const rd_notulen_causes[];

/*
 * Lay out in doc (a new, empty document) the minutes record
 * minutes (entity "minutes") as the Notulen: kop, title, the meeting's facts,
 * agenda, discussion, problems by cause with USG, decisions, RTL, photos (those
 * whose content is in d->home's blobs), change history, and the signature
 * blocks of the notulis and of the head (its QR mark when the signature
 * verifies, Plt./Plh./a.n. for a deputy) kept on one page with the closing
 * sentence. Labels follow the message language; the values are the signed
 * text's. 0, -LK_EINVAL when the document is not a canonical Notulen (an older
 * free text), or negative with err.
 */
int rd_notulen(struct dom *d, const ProtobufCMessage *minutes, struct rd_doc *doc, struct dom_err *err);

#endif
