#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* The libcurl functions plinv calls, found by name. */
struct functions {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    const char *(*multi_strerror)(CURLMcode);
};

/* Each function's name and where its address goes, in `struct functions` order. */
#define PLINV_FUNCTION(field) {"curl_" #field, offsetof(struct functions, field)}
static const struct {
    const char *name;
    size_t offset;
} names[] = {
    PLINV_FUNCTION(global_init),      PLINV_FUNCTION(easy_init),           PLINV_FUNCTION(easy_cleanup),
    PLINV_FUNCTION(easy_reset),       PLINV_FUNCTION(easy_strerror),       PLINV_FUNCTION(easy_setopt),
    PLINV_FUNCTION(easy_getinfo),     PLINV_FUNCTION(slist_append),        PLINV_FUNCTION(slist_free_all),
    PLINV_FUNCTION(multi_init),       PLINV_FUNCTION(multi_setopt),        PLINV_FUNCTION(multi_add_handle),
    PLINV_FUNCTION(multi_remove_handle), PLINV_FUNCTION(multi_perform),    PLINV_FUNCTION(multi_poll),
    PLINV_FUNCTION(multi_wakeup),     PLINV_FUNCTION(multi_info_read),     PLINV_FUNCTION(multi_strerror),
};

_Static_assert(sizeof names / sizeof names[0] == sizeof(struct functions) / sizeof(void (*)(void)),
               "every function of struct functions is looked up by name");

#ifdef __APPLE__
#define PLINV_INSTALL_HINT "install libcurl"
#else
#define PLINV_INSTALL_HINT "install libcurl (Debian and Ubuntu: libcurl4)"
#endif

/* Opens `name` and fills `found`: the library's handle, or NULL with why in `error` (the library closed again). */
static void *open_library(const char *name, struct functions *found, char *error, size_t size) {
    void *library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(error, size, "%s could not be loaded (%s); " PLINV_INSTALL_HINT, name,
                 reason ? reason : "no reason given");
        return NULL;
    }
    for (size_t index = 0; index < sizeof names / sizeof names[0]; index++) {
        dlerror(); /* an earlier failure is not this lookup's (the usual idiom before dlsym) */
        void *address = dlsym(library, names[index].name);
        if (address == NULL) {
            snprintf(error, size, "%s has no %s: it is not a libcurl plinv can use", name, names[index].name);
            dlclose(library);
            return NULL;
        }
        memcpy((char *)found + names[index].offset, &address, sizeof address);
    }
    return library;
}

/* The functions of the loaded library; filled once, by `load_once`, and never changed after. */
static struct functions curl;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = -1;
static char load_error[512];

/* Loads the library for the process (it stays loaded until the process exits). */
static void load_once(void) {
    loaded = open_library(PLINV_LIBCURL, &curl, load_error, sizeof load_error) != NULL ? 0 : -1;
}

int plinv_curl_load(char *error, size_t size) {
    pthread_once(&once, load_once);
    if (loaded != 0 && size > 0) snprintf(error, size, "%s", load_error);
    return loaded;
}

int plinv_curl_probe(const char *name, char *error, size_t size) {
    struct functions found;
    return open_library(name, &found, error, size) != NULL ? 0 : -1;
}

CURLcode plinv_curl_global_init(long flags) { return curl.global_init(flags); }
CURL *plinv_curl_easy_init(void) { return curl.easy_init(); }
void plinv_curl_easy_cleanup(CURL *handle) { curl.easy_cleanup(handle); }
void plinv_curl_easy_reset(CURL *handle) { curl.easy_reset(handle); }
const char *plinv_curl_easy_strerror(CURLcode code) { return curl.easy_strerror(code); }
struct curl_slist *plinv_curl_slist_append(struct curl_slist *list, const char *text) {
    return curl.slist_append(list, text);
}
void plinv_curl_slist_free_all(struct curl_slist *list) { curl.slist_free_all(list); }
CURLM *plinv_curl_multi_init(void) { return curl.multi_init(); }
CURLMcode plinv_curl_multi_add_handle(CURLM *multi, CURL *handle) { return curl.multi_add_handle(multi, handle); }
CURLMcode plinv_curl_multi_remove_handle(CURLM *multi, CURL *handle) {
    return curl.multi_remove_handle(multi, handle);
}
CURLMcode plinv_curl_multi_perform(CURLM *multi, int *running) { return curl.multi_perform(multi, running); }
CURLMcode plinv_curl_multi_poll(CURLM *multi, struct curl_waitfd *extra, unsigned count, int timeout, int *ready) {
    return curl.multi_poll(multi, extra, count, timeout, ready);
}
CURLMcode plinv_curl_multi_wakeup(CURLM *multi) { return curl.multi_wakeup(multi); }
CURLMsg *plinv_curl_multi_info_read(CURLM *multi, int *queued) { return curl.multi_info_read(multi, queued); }
const char *plinv_curl_multi_strerror(CURLMcode code) { return curl.multi_strerror(code); }

CURLcode plinv_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl.easy_setopt(handle, option, value);
}
CURLcode plinv_curl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl.easy_setopt(handle, option, value);
}
CURLcode plinv_curl_easy_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl.easy_setopt(handle, option, value);
}
CURLcode plinv_curl_easy_setopt_write(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl.easy_setopt(handle, option, value);
}
CURLcode plinv_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl.easy_getinfo(handle, info, value);
}
CURLcode plinv_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl.easy_getinfo(handle, info, value);
}
CURLMcode plinv_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl.multi_setopt(handle, option, value);
}

void plinv_name_thread(const char *name) {
#ifdef __linux__
    prctl(PR_SET_NAME, name, 0, 0, 0);
#else
    (void)name;
#endif
}
