#ifndef PLINV_CZSTD_SHIM_H
#define PLINV_CZSTD_SHIM_H
/* zstd's stable API: compression with dictionaries (zstd.h) and dictionary training (zdict.h). */
#include <zstd.h>
/* ZDICT_trainFromBuffer_fastCover with fixed parameters is in zdict.h's "static linking only" section; the
   shared libzstd exports it (and every Debian/Ubuntu libzstd-dev since 1.4 declares it the same way). */
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#endif
