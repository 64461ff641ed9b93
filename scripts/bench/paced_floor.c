/*
 * The floor of a client that keeps to EC2's request rate as plinv does: the same requests sent with libcurl's multi
 * interface on one thread, a burst first (the bucket's capacity), then a batch every interval (the refill on plinv's
 * grid: run.py passes 40 every 2 s for 20 a second), the bodies discarded. `curl --rate` sends one request at a time
 * and so wakes for each; this wakes once a batch, as plinv's event thread does. run.py measures it beside plinv (the
 * per-call row).
 *
 * Usage: paced_floor REQUESTS BURST BATCH INTERVAL_MS
 *   REQUESTS: one request a line, "URL<TAB>AUTHORIZATION<TAB>FORM-BODY" (the store floor's file).
 * It prints the requests sent and the seconds they took on stderr, and fails on any answer but 200.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "floor_requests.h"

static size_t discard(char *bytes, size_t size, size_t count, void *unused) {
    (void)bytes;
    (void)unused;
    return size * count;
}

static double now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + (double)time.tv_nsec / 1e9;
}

/* Adds request `index`'s transfer to `multi`. */
static void start(CURLM *multi, FloorRequest *requests, struct curl_slist **headers, size_t index) {
    CURL *easy = curl_easy_init();
    headers[index] = curl_slist_append(NULL, requests[index].authorization);
    headers[index] =
        curl_slist_append(headers[index], "Content-Type: application/x-www-form-urlencoded; charset=utf-8");
    curl_easy_setopt(easy, CURLOPT_URL, requests[index].url);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers[index]);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, requests[index].body);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
    curl_multi_add_handle(multi, easy);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: paced_floor REQUESTS BURST BATCH INTERVAL_MS\n");
        return 2;
    }
    long burst = atol(argv[2]), batch = atol(argv[3]), interval_ms = atol(argv[4]);
    if (batch < 1 || interval_ms < 1 || burst < 0) {
        fprintf(stderr, "paced_floor: BURST must be 0 or more, BATCH and INTERVAL_MS 1 or more\n");
        return 2;
    }
    size_t count;
    FloorRequest *requests = read_requests("paced_floor", argv[1], &count);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 16L);
    struct curl_slist **headers = calloc(count ? count : 1, sizeof(struct curl_slist *));
    double started = now(), next = started;
    size_t sent = 0, done = 0;
    int failed = 0;
    while (done < count) {
        /* Start what is due: the burst at once, then a batch at each grid point (a stalled loop catches up, as a
         * token bucket lets it). */
        double time = now();
        if (sent < count && sent < (size_t)burst) {
            size_t end = (size_t)burst < count ? (size_t)burst : count;
            while (sent < end) start(multi, requests, headers, sent++);
            next = time + (double)interval_ms / 1000.0;
        }
        while (sent < count && time >= next) {
            size_t end = sent + (size_t)batch < count ? sent + (size_t)batch : count;
            while (sent < end) start(multi, requests, headers, sent++);
            next += (double)interval_ms / 1000.0;
        }
        int running = 0;
        curl_multi_perform(multi, &running);
        CURLMsg *message;
        int queued;
        while ((message = curl_multi_info_read(multi, &queued))) {
            if (message->msg != CURLMSG_DONE) continue;
            long code = 0;
            curl_easy_getinfo(message->easy_handle, CURLINFO_RESPONSE_CODE, &code);
            if (message->data.result != CURLE_OK || code != 200) {
                char *url;
                curl_easy_getinfo(message->easy_handle, CURLINFO_EFFECTIVE_URL, &url);
                fprintf(stderr, "paced_floor: %s: %s, HTTP %ld\n", url, curl_easy_strerror(message->data.result), code);
                failed = 1;
            }
            curl_multi_remove_handle(multi, message->easy_handle);
            curl_easy_cleanup(message->easy_handle);
            done++;
        }
        if (done == count) break;
        /* Sleep until a socket is ready or the next batch is due. */
        int wait = 1000;
        if (sent < count) {
            double until = next - now();
            wait = until <= 0 ? 0 : (int)(until * 1000.0) + 1;
        }
        curl_multi_poll(multi, NULL, 0, wait, NULL);
    }
    fprintf(stderr, "paced_floor: %zu requests in %.1f s\n", count, now() - started);
    for (size_t i = 0; i < count; i++) curl_slist_free_all(headers[i]);
    curl_multi_cleanup(multi);
    return failed;
}
