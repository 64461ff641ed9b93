#ifndef PLINV_CMALLOC_SHIM_H
#define PLINV_CMALLOC_SHIM_H
/* glibc's allocator tuning (mallopt, M_TOP_PAD), which Swift's Glibc module leaves out. */
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif
#endif
