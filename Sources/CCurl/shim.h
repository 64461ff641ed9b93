#ifndef PLINV_CCURL_SHIM_H
#define PLINV_CCURL_SHIM_H
#include <curl/curl.h>

/* Swift cannot call C variadic functions: one typed wrapper per argument kind of the calls plinv makes. */

static inline CURLcode plinv_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode plinv_curl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode plinv_curl_easy_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode plinv_curl_easy_setopt_write(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode plinv_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode plinv_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode plinv_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

/* Names the calling thread as `ps`/`top` and /proc show it (the transport's event thread). */
#ifdef __linux__
#include <sys/prctl.h>
static inline void plinv_name_thread(const char *name) { prctl(PR_SET_NAME, name, 0, 0, 0); }
#else
static inline void plinv_name_thread(const char *name) { (void)name; }
#endif

/* Macros Swift does not import. */
static const long plinv_curl_global_default = CURL_GLOBAL_DEFAULT;
static const long plinv_curl_error_size = CURL_ERROR_SIZE;

#endif
