#ifndef PLINV_CZSTD_SHIM_H
#define PLINV_CZSTD_SHIM_H
/* zstd's stable API: compression with dictionaries (zstd.h) and dictionary training (zdict.h). */
#include <zstd.h>
#include <zdict.h>
#endif
