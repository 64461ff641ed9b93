#ifndef PLINV_CCURL_H
#define PLINV_CCURL_H
/*
 * libcurl, loaded when the first HTTP request is made rather than linked: the distribution's libcurl pulls in some
 * thirty libraries (GnuTLS, Kerberos, LDAP, SSH…), whose loading and relocation cost every plinv process about 8 ms
 * of CPU, though only the commands that call AWS (collect, run, doctor) make requests. `plinv_curl_load` opens
 * `PLINV_LIBCURL` and finds each function plinv calls; the `plinv_curl_…` functions call them. Types and constants
 * come from curl's own header; calling a `curl_…` function directly fails to link.
 */
#include <curl/curl.h>
#include <stddef.h>

/* The library plinv loads. */
#ifdef __APPLE__
#define PLINV_LIBCURL "libcurl.4.dylib"
#else
#define PLINV_LIBCURL "libcurl.so.4"
#endif

/*
 * Loads libcurl once per process (later calls answer as the first did): 0 when every function was found; else -1,
 * with why in `error` (at most `size` bytes, NUL-terminated). No `plinv_curl_…` function but `plinv_curl_probe` may
 * be called before it has answered 0.
 */
int plinv_curl_load(char *error, size_t size);

/*
 * Whether the library `name` can be loaded with every function plinv calls, without installing it: 0, or -1 with
 * why in `error`. For tests and diagnostics; a library it loads stays loaded (unloading libcurl's dependencies is
 * not safe in every one of them).
 */
int plinv_curl_probe(const char *name, char *error, size_t size);

CURLcode plinv_curl_global_init(long flags);
CURL *plinv_curl_easy_init(void);
void plinv_curl_easy_cleanup(CURL *handle);
void plinv_curl_easy_reset(CURL *handle);
const char *plinv_curl_easy_strerror(CURLcode code);
struct curl_slist *plinv_curl_slist_append(struct curl_slist *list, const char *text);
void plinv_curl_slist_free_all(struct curl_slist *list);
CURLM *plinv_curl_multi_init(void);
CURLMcode plinv_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode plinv_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode plinv_curl_multi_perform(CURLM *multi, int *running);
CURLMcode plinv_curl_multi_poll(CURLM *multi, struct curl_waitfd *extra, unsigned count, int timeout, int *ready);
CURLMcode plinv_curl_multi_wakeup(CURLM *multi);
CURLMsg *plinv_curl_multi_info_read(CURLM *multi, int *queued);
const char *plinv_curl_multi_strerror(CURLMcode code);

/* Swift cannot call C variadic functions: one typed function per argument kind of the calls plinv makes. */
CURLcode plinv_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode plinv_curl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode plinv_curl_easy_setopt_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode plinv_curl_easy_setopt_write(CURL *handle, CURLoption option, curl_write_callback value);
CURLcode plinv_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode plinv_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);
CURLMcode plinv_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value);

/* Names the calling thread as `ps`/`top` and /proc show it (the transport's event thread). */
void plinv_name_thread(const char *name);

/* Macros Swift does not import. */
static const long plinv_curl_global_default = CURL_GLOBAL_DEFAULT;
static const long plinv_curl_error_size = CURL_ERROR_SIZE;

#endif
