/*
 * The floor of a collect that stores what it reads: what a program does at the least, with the libraries plinv's
 * design card names (libcurl, OpenSSL's libcrypto, SQLite, and zstd for the bodies), to fetch the same responses and
 * keep every record in the two tables plinv keeps them in. run.py measures it beside plinv and curl.
 *
 * Usage: store_floor [--work] REQUESTS DB
 *   REQUESTS: one request a line, "URL<TAB>AUTHORIZATION<TAB>FORM-BODY" (run.py writes it from plinv's own requests).
 *   DB: a new SQLite file.
 *   --work: the work floor, plinv's work on a first snapshot done the least costly way (below).
 *
 * What it does:
 *   - sends the requests in order, one at a time, on one keep-alive libcurl handle;
 *   - takes each record as the bytes of a list entry of the response (EC2's <item>, ELBv2's <member>);
 *   - per record: a SHA-256 of its bytes (plinv's raw digest; one context reused, as plinv's), plinv's 64-bit body
 *     hash, a zstd frame at level 1 with a dictionary fastCover-trained from the first 1,000 records with plinv's
 *     parameters (k 2000, d 8, f 16, at most 32 KiB and an eighth of the samples);
 *   - in one transaction on a WAL database (synchronous NORMAL, as GRDB opens plinv's): the body row and the version
 *     row, in plinv's `body` (with `body_by_hash`) and `resource_version` (WITHOUT ROWID, keyed by scope, kind,
 *     resource, first snapshot); a body is looked up by hash only when one with that hash was stored before, as plinv
 *     does on a database that held no body.
 * What it leaves out: reading each record into a model and writing it as canonical JSON, the snapshot's other rows,
 * a runtime. It is not a proven lower bound of plinv's work, though: it hashes and compresses the records as XML, about
 * 1.4 times the bytes of plinv's JSON (1.1 KB against 0.76 KB a record in the bench's endpoint collect).
 *
 * With --work it does the rest of what plinv's first snapshot needs, each step the least costly way:
 *   - each record is read into JSON with sorted keys (record_json.h: generic, the same kind of text plinv stores);
 *     the body hash, the dictionary's samples and the frames are of that JSON, the raw digest still of the XML;
 *   - each version row has the record's own id and kind (`vpce-…`, `vpcEndpoint`), as plinv's have;
 *   - the schema and every row are written in one transaction through a rollback journal with synchronous FULL and a
 *     page cache that holds the transaction (each page written once; a new file needs no WAL to be crash-safe), then
 *     the file is switched to WAL, as plinv leaves it for its readers;
 *   - the raw digest is taken from the response as the scan finds each record, with one reused SHA-256 context, and
 *     the XML is not kept.
 * It prints the records and bodies stored, and the journal mode of the transaction, on stderr.
 */
#define ZDICT_STATIC_LINKING_ONLY
#include <curl/curl.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zdict.h>
#include <zstd.h>

#include "floor_requests.h"

/* A growable byte buffer. */
typedef struct {
    char *bytes;
    size_t count, capacity;
} Buffer;

/* Makes room for `count` more bytes. */
static void reserve(Buffer *buffer, size_t count) {
    if (buffer->count + count > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 65536;
        while (capacity < buffer->count + count) capacity *= 2;
        buffer->bytes = realloc(buffer->bytes, capacity);
        if (!buffer->bytes) { perror("realloc"); exit(1); }
        buffer->capacity = capacity;
    }
}

static void append(Buffer *buffer, const void *bytes, size_t count) {
    reserve(buffer, count);
    memcpy(buffer->bytes + buffer->count, bytes, count);
    buffer->count += count;
}

static size_t received(char *bytes, size_t size, size_t count, void *buffer) {
    append(buffer, bytes, size * count);
    return size * count;
}

#include "record_json.h"

/* The SHA-256 of `count` bytes, with one context reused from record to record as plinv's digester reuses its own
 * (OpenSSL 3's one-shot SHA256() fetches the algorithm and allocates a context for every call). */
static void sha256(const void *bytes, size_t count, unsigned char digest[32]) {
    static EVP_MD *algorithm;
    static EVP_MD_CTX *context;
    if (!context && (!(algorithm = EVP_MD_fetch(NULL, "SHA256", NULL)) || !(context = EVP_MD_CTX_new()))) {
        fprintf(stderr, "store_floor: no SHA-256 in libcrypto\n");
        exit(1);
    }
    unsigned int length;
    if (!EVP_DigestInit_ex2(context, algorithm, NULL) || !EVP_DigestUpdate(context, bytes, count) ||
        !EVP_DigestFinal_ex(context, digest, &length)) {
        fprintf(stderr, "store_floor: SHA-256 failed\n");
        exit(1);
    }
}

/* Records: offsets into one buffer holding every record's bytes. */
typedef struct {
    Buffer bytes;
    size_t *starts, *sizes;
    size_t count, capacity;
} Records;

/* Adds the record whose `size` bytes lie at `start` of the records' buffer already. */
static void mark_record(Records *records, size_t start, size_t size) {
    if (records->count == records->capacity) {
        records->capacity = records->capacity ? records->capacity * 2 : 1024;
        records->starts = realloc(records->starts, records->capacity * sizeof(size_t));
        records->sizes = realloc(records->sizes, records->capacity * sizeof(size_t));
        if (!records->starts || !records->sizes) { perror("realloc"); exit(1); }
    }
    records->starts[records->count] = start;
    records->sizes[records->count] = size;
    records->count++;
}

static void add_record(Records *records, const char *bytes, size_t size) {
    mark_record(records, records->bytes.count, size);
    append(&records->bytes, bytes, size);
}

/* With --work: each record's JSON (`json`), its kind and id (`identities`, two entries a record) and the first 16
 * bytes of the SHA-256 of its XML (`digests`), taken while the response is at hand: the XML is not kept. */
typedef struct {
    RecordTree tree;
    Records json, identities;
    Buffer digests;
} Work;

/* Reads the record read into `work->tree` into its JSON and identity. */
static void add_json(Work *work, size_t xml_size) {
    size_t before = work->json.bytes.count;
    append_record_json(&work->json.bytes, &work->tree, xml_size);
    mark_record(&work->json, before, work->json.bytes.count - before);
    const char *id, *kind;
    size_t id_length, kind_length;
    record_identity(&work->tree, &id, &id_length, &kind, &kind_length);
    add_record(&work->identities, kind, kind_length);
    add_record(&work->identities, id, id_length);
}

/* The records of an XML response: the first <item> or <member> element (EC2's and ELBv2's list entries) and every
 * element at its depth, found by a scan of the tags, no more. With `work`, each record is digested and read into its
 * JSON where it is found (and not added to `records`), and the scan goes on after it. */
static void split_records(const char *xml, size_t count, Records *records, Work *work) {
    int depth = 0, record_depth = 0;
    const char *start = NULL, *limit = xml + count;
    for (const char *p = memchr(xml, '<', count); p; p = memchr(p + 1, '<', (size_t)(limit - p - 1))) {
        const char *end = memchr(p, '>', (size_t)(limit - p));
        if (!end) return;
        if (p[1] == '?' || p[1] == '!') continue;
        if (p[1] == '/') {
            if (depth == record_depth && start) {
                add_record(records, start, (size_t)(end + 1 - start));
                start = NULL;
            }
            depth--;
        } else if (end[-1] != '/') {
            depth++;
            if (!record_depth && (strncmp(p, "<item>", 6) == 0 || strncmp(p, "<member>", 8) == 0)) record_depth = depth;
            if (depth == record_depth) start = p;
            if (work && start) {
                const char *record_end = read_record(&work->tree, p, limit);
                if (!record_end) {
                    fprintf(stderr, "store_floor: a record that does not end\n");
                    exit(1);
                }
                unsigned char digest[32];
                sha256(p, (size_t)(record_end - p), digest);
                append(&work->digests, digest, 16);
                add_json(work, (size_t)(record_end - p));
                start = NULL;
                depth--;
                end = record_end - 1;
            }
        }
        p = end - 1;
    }
}

/* plinv's body hash (Schema/README.md, "Body hash"): eight bytes a step, then MurmurHash3's finaliser. */
static uint64_t mix(uint64_t hash, uint64_t word) {
    uint64_t mixed = hash ^ (word * 0x9E3779B97F4A7C15ULL);
    return ((mixed << 29) | (mixed >> 35)) * 0xC2B2AE3D27D4EB4FULL;
}

static uint64_t body_hash(const unsigned char *bytes, size_t count) {
    uint64_t hash = 0x2545F4914F6CDD1DULL ^ ((uint64_t)count * 0x9E3779B97F4A7C15ULL);
    size_t whole = count & ~(size_t)7, offset = 0;
    for (; offset < whole; offset += 8) {
        uint64_t word;
        memcpy(&word, bytes + offset, 8); /* little-endian, as on every machine plinv runs on */
        hash = mix(hash, word);
    }
    if (offset < count) {
        uint64_t tail = 0;
        for (size_t i = offset; i < count; i++) tail |= (uint64_t)bytes[i] << (8 * (i - offset));
        hash = mix(hash, tail);
    }
    hash ^= hash >> 33;
    hash *= 0xFF51AFD7ED558CCDULL;
    hash ^= hash >> 33;
    hash *= 0xC4CEB9FE1A85EC53ULL;
    return hash ^ (hash >> 33);
}

/* The hashes of the bodies stored so far (open addressing; 0 marks an empty slot, so hash 0 is kept apart): as
 * plinv does on a database that held no body, a body is looked up only when one with its hash was stored. */
typedef struct {
    uint64_t *slots;
    size_t mask;
    int has_zero;
} HashSet;

static int insert_hash(HashSet *set, uint64_t hash) {
    if (hash == 0) {
        int had = set->has_zero;
        set->has_zero = 1;
        return !had;
    }
    for (size_t slot = hash & set->mask;; slot = (slot + 1) & set->mask) {
        if (set->slots[slot] == hash) return 0;
        if (set->slots[slot] == 0) {
            set->slots[slot] = hash;
            return 1;
        }
    }
}

static void check(int status, sqlite3 *db, const char *what) {
    if (status != SQLITE_OK && status != SQLITE_DONE && status != SQLITE_ROW) {
        fprintf(stderr, "store_floor: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv) {
    int work = argc == 4 && strcmp(argv[1], "--work") == 0;
    if (argc != 3 && !work) {
        fprintf(stderr, "usage: store_floor [--work] REQUESTS DB\n");
        return 2;
    }
    const char *requests_path = argv[argc - 2], *db_path = argv[argc - 1];
    size_t request_count;
    FloorRequest *requests = read_requests("store_floor", requests_path, &request_count);

    /* Fetch every response and split it into records as it arrives. */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *curl = curl_easy_init();
    Buffer response = {0};
    Records records = {0};
    Work works = {0};
    for (size_t index = 0; index < request_count; index++) {
        FloorRequest *request = &requests[index];
        struct curl_slist *headers = curl_slist_append(NULL, request->authorization);
        headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded; charset=utf-8");
        response.count = 0;
        curl_easy_setopt(curl, CURLOPT_URL, request->url);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request->body);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, received);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
        CURLcode status = curl_easy_perform(curl);
        long code = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        curl_slist_free_all(headers);
        if (status != CURLE_OK || code != 200) {
            fprintf(stderr, "store_floor: %s: %s, HTTP %ld\n", request->url, curl_easy_strerror(status), code);
            return 1;
        }
        split_records(response.bytes, response.count, &records, work ? &works : NULL);
    }
    curl_easy_cleanup(curl);

    Records *bodies = work ? &works.json : &records;

    /* The dictionary, from the first 1,000 records (plinv takes 1,000 in hash order). */
    size_t samples = bodies->count < 1000 ? bodies->count : 1000;
    size_t sample_bytes = samples ? bodies->starts[samples - 1] + bodies->sizes[samples - 1] : 0;
    ZSTD_CDict *dictionary = NULL;
    if (samples == 1000) {
        size_t capacity = sample_bytes / 8 < 32768 ? sample_bytes / 8 : 32768;
        void *content = malloc(capacity);
        ZDICT_fastCover_params_t parameters = {0};
        parameters.k = 2000;
        parameters.d = 8;
        parameters.f = 16;
        parameters.accel = 1;
        parameters.zParams.compressionLevel = 1;
        size_t written = ZDICT_trainFromBuffer_fastCover(content, capacity, bodies->bytes.bytes, bodies->sizes,
                                                         (unsigned)samples, parameters);
        if (!ZDICT_isError(written)) dictionary = ZSTD_createCDict(content, written, 1);
        free(content);
    }

    /* Store every record in one transaction (with --work, the schema's too, through a rollback journal). */
    sqlite3 *db;
    check(sqlite3_open(db_path, &db), db, "open");
    /* With --work the page cache holds the whole transaction (the default 2 MB would spill pages to the file before
     * the commit, and write some twice). */
    check(sqlite3_exec(db,
                       work ? "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; BEGIN IMMEDIATE"
                            : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
                       NULL, NULL, NULL),
          db, "journal");
    char journal[16] = "wal";
    if (work) {  /* reported on stderr: the mode SQLite writes this transaction with */
        sqlite3_stmt *mode;
        check(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &mode, NULL), db, "prepare");
        if (sqlite3_step(mode) == SQLITE_ROW) snprintf(journal, sizeof journal, "%s", sqlite3_column_text(mode, 0));
        sqlite3_finalize(mode);
    }
    check(sqlite3_exec(db,
                       "CREATE TABLE body (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, data BLOB NOT NULL);"
                       "CREATE INDEX body_by_hash ON body(hash);"
                       "CREATE TABLE resource_version (scope_id INTEGER NOT NULL, kind TEXT NOT NULL,"
                       " resource_id TEXT NOT NULL, first_snapshot INTEGER NOT NULL, last_snapshot INTEGER NOT NULL,"
                       " first_seen_at TEXT NOT NULL, body_id INTEGER NOT NULL, raw_digest BLOB,"
                       " PRIMARY KEY (scope_id, kind, resource_id, first_snapshot)) WITHOUT ROWID;",
                       NULL, NULL, NULL),
          db, "schema");
    if (!work) check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
    sqlite3_stmt *find, *body, *version;
    check(sqlite3_prepare_v2(db, "SELECT id, data FROM body WHERE hash = ?", -1, &find, NULL), db, "prepare");
    check(sqlite3_prepare_v2(db, "INSERT INTO body (hash, data) VALUES (?, ?)", -1, &body, NULL), db, "prepare");
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO resource_version (scope_id, kind, resource_id, first_snapshot,"
                             " last_snapshot, first_seen_at, body_id, raw_digest) VALUES (1, ?4, ?1, 1, 1,"
                             " '2026-01-01T00:00:00.000Z', ?2, ?3)",
                             -1, &version, NULL),
          db, "prepare");
    ZSTD_CCtx *context = ZSTD_createCCtx();
    HashSet stored = {0};
    size_t slots = 1024;
    while (slots < 2 * bodies->count) slots *= 2;
    stored.slots = calloc(slots, sizeof(uint64_t));
    stored.mask = slots - 1;
    if (!stored.slots) { perror("calloc"); return 1; }
    Buffer frame = {0};
    size_t stored_bodies = 0, stored_bytes = 0;
    for (size_t i = 0; i < bodies->count; i++) {
        unsigned char digest[32];
        if (work) memcpy(digest, works.digests.bytes + 16 * i, 16);
        else sha256(records.bytes.bytes + records.starts[i], records.sizes[i], digest);
        const unsigned char *bytes = (const unsigned char *)bodies->bytes.bytes + bodies->starts[i];
        size_t size = bodies->sizes[i];
        uint64_t unsigned_hash = body_hash(bytes, size);
        sqlite3_int64 hash = (sqlite3_int64)unsigned_hash;
        size_t bound = ZSTD_compressBound(size);
        if (frame.capacity < bound) {
            frame.bytes = realloc(frame.bytes, bound);
            if (!frame.bytes) { perror("realloc"); return 1; }
            frame.capacity = bound;
        }
        size_t compressed = dictionary
            ? ZSTD_compress_usingCDict(context, frame.bytes, bound, bytes, size, dictionary)
            : ZSTD_compressCCtx(context, frame.bytes, bound, bytes, size, 3);
        if (ZSTD_isError(compressed)) { fprintf(stderr, "store_floor: zstd failed\n"); return 1; }
        sqlite3_int64 body_id = 0;
        if (!insert_hash(&stored, unsigned_hash)) {
            sqlite3_bind_int64(find, 1, hash);
            while (sqlite3_step(find) == SQLITE_ROW) {
                /* A match by hash is confirmed by its bytes, as plinv confirms it by its JSON. */
                if ((size_t)sqlite3_column_bytes(find, 1) == compressed &&
                    memcmp(sqlite3_column_blob(find, 1), frame.bytes, compressed) == 0)
                    body_id = sqlite3_column_int64(find, 0);
            }
            sqlite3_reset(find);
        }
        if (!body_id) {
            sqlite3_bind_int64(body, 1, hash);
            sqlite3_bind_blob(body, 2, frame.bytes, (int)compressed, SQLITE_STATIC);
            check(sqlite3_step(body), db, "insert body");
            sqlite3_reset(body);
            body_id = sqlite3_last_insert_rowid(db);
            stored_bodies++;
            stored_bytes += compressed;
        }
        char id[32];
        if (work) {
            Records *identities = &works.identities;
            sqlite3_bind_text(version, 4, identities->bytes.bytes + identities->starts[2 * i],
                              (int)identities->sizes[2 * i], SQLITE_STATIC);
            sqlite3_bind_text(version, 1, identities->bytes.bytes + identities->starts[2 * i + 1],
                              (int)identities->sizes[2 * i + 1], SQLITE_STATIC);
        } else {
            sqlite3_bind_text(version, 4, "record", 6, SQLITE_STATIC);
            sqlite3_bind_text(version, 1, id, snprintf(id, sizeof id, "r%zu", i), SQLITE_STATIC);
        }
        sqlite3_bind_int64(version, 2, body_id);
        sqlite3_bind_blob(version, 3, digest, 16, SQLITE_STATIC);
        int status = sqlite3_step(version);
        if (work && status == SQLITE_CONSTRAINT) {
            /* Another record has the same id (a connection's first `…Id` is its service's): plinv keys such records
             * by more members; the floor stores it under its id and position. */
            sqlite3_reset(version);
            Records *identities = &works.identities;
            char *unique = malloc(identities->sizes[2 * i + 1] + 24);
            if (!unique) { perror("malloc"); return 1; }
            int length = sprintf(unique, "%.*s#%zu", (int)identities->sizes[2 * i + 1],
                                 identities->bytes.bytes + identities->starts[2 * i + 1], i);
            sqlite3_bind_text(version, 1, unique, length, SQLITE_TRANSIENT);
            free(unique);
            status = sqlite3_step(version);
        }
        check(status, db, "insert version");
        sqlite3_reset(version);
    }
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    sqlite3_finalize(find);
    sqlite3_finalize(body);
    sqlite3_finalize(version);
    if (work) check(sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL), db, "WAL");
    check(sqlite3_close(db), db, "close");
    fprintf(stderr,
            "store_floor: %zu records (%zu bytes of %s), %zu bodies, %zu bytes of frames, dictionary %s, journal %s\n",
            bodies->count, bodies->bytes.count, work ? "JSON" : "XML", stored_bodies, stored_bytes,
            dictionary ? "trained" : "none", journal);
    return 0;
}
