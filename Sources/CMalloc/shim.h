#ifndef PLINV_CMALLOC_SHIM_H
#define PLINV_CMALLOC_SHIM_H
/* glibc's allocator tuning (mallopt, M_TOP_PAD), which Swift's Glibc module leaves out. Other C libraries get
   nothing here, and plinv leaves their allocator as it is. */
#if __has_include(<features.h>)
#include <features.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#endif
