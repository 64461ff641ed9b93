/* The requests the bench's C floors send (store_floor.c, paced_floor.c), as run.py writes them: one a line,
 * "URL<TAB>AUTHORIZATION<TAB>FORM-BODY". */
#ifndef PLINV_FLOOR_REQUESTS_H
#define PLINV_FLOOR_REQUESTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef struct {
    char *url;
    /* "Authorization: …", ready to send. */
    char *authorization;
    char *body;
} FloorRequest;

/* Every request of the file at `path`; exits with a message naming `program` when it cannot be read. */
static FloorRequest *read_requests(const char *program, const char *path, size_t *count) {
    FILE *file = fopen(path, "r");
    if (!file) {
        fprintf(stderr, "%s: ", program);
        perror(path);
        exit(1);
    }
    FloorRequest *requests = NULL;
    size_t capacity = 0;
    char *line = NULL;
    size_t line_capacity = 0;
    ssize_t length;
    *count = 0;
    while ((length = getline(&line, &line_capacity, file)) > 0) {
        if (line[length - 1] == '\n') line[--length] = 0;
        char *authorization = strchr(line, '\t');
        char *body = authorization ? strchr(authorization + 1, '\t') : NULL;
        if (!body) {
            fprintf(stderr, "%s: a request line without two tabs\n", program);
            exit(1);
        }
        *authorization++ = 0;
        *body++ = 0;
        if (*count == capacity) {
            capacity = capacity ? capacity * 2 : 256;
            requests = realloc(requests, capacity * sizeof(FloorRequest));
            if (!requests) {
                perror("realloc");
                exit(1);
            }
        }
        FloorRequest *request = &requests[(*count)++];
        request->url = strdup(line);
        request->authorization = malloc(strlen(authorization) + 16);
        if (!request->url || !request->authorization) {
            perror("malloc");
            exit(1);
        }
        sprintf(request->authorization, "Authorization: %s", authorization);
        request->body = strdup(body);
    }
    free(line);
    fclose(file);
    return requests;
}

#endif
