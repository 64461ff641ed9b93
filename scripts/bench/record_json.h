/* A record's XML read into JSON with sorted keys, for store_floor.c's `--work` mode: the least a program does to turn
 * a list entry of an EC2 or ELBv2 response into the kind of text plinv stores (plinv writes each record as canonical
 * JSON from its API shape). Generic, so not plinv's exact text, but the same work on the same bytes:
 *   - an element with child elements is an object, keyed by the children's local names with the first letter in upper
 *     case (EC2's `vpcEndpointId` is plinv's `VpcEndpointId`), keys in byte order, the first child of each name kept;
 *     one whose children are all `item` or `member` elements is an array of them;
 *   - any other element is a string: its text, references decoded (`&amp;`, `&#34;`, ...), escaped as JSON escapes;
 *     plinv writes booleans and numbers bare and an empty list as [], so its text differs by a few bytes.
 * Comments, CDATA and processing instructions are not read: AWS's list entries hold none. Each record is read once,
 * where store_floor.c's scan of the response finds it. Needs the includer's `Buffer` and `reserve`. */
#ifndef PLINV_RECORD_JSON_H
#define PLINV_RECORD_JSON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One element of a record. */
typedef struct {
    const char *name;  /* the local name */
    size_t name_length;
    const char *text;  /* what lies between the tags */
    size_t text_length;
    int first_child, last_child, next_sibling;  /* -1: none */
} RecordNode;

/* The elements of the record being read, reused from record to record. */
typedef struct {
    RecordNode *nodes;
    size_t count, capacity;
    int open[64];  /* the elements whose end tag is still to come */
} RecordTree;

/* Reads the elements of the record whose start tag's `<` is at `xml`, up to its end tag: returns where the record
 * ends (after its end tag's `>`), NULL when it does not end before `end` or nests deeper than 64 levels. */
static const char *read_record(RecordTree *tree, const char *xml, const char *end) {
    const char *p = xml;
    int depth = 0;
    tree->count = 0;
    while (p < end) {
        const char *tag_end = p;
        while (tag_end < end && *tag_end != '>') tag_end++;
        if (tag_end == end) return NULL;
        if (p[1] == '/') {
            if (depth == 0) return NULL;
            RecordNode *closed = &tree->nodes[tree->open[--depth]];
            closed->text_length = (size_t)(p - closed->text);
            if (depth == 0) return tag_end + 1;
        } else {
            if (tree->count == tree->capacity) {
                tree->capacity = tree->capacity ? tree->capacity * 2 : 256;
                tree->nodes = realloc(tree->nodes, tree->capacity * sizeof(RecordNode));
                if (!tree->nodes) { perror("realloc"); exit(1); }
            }
            int index = (int)tree->count++;
            RecordNode *node = &tree->nodes[index];
            const char *name = p + 1, *name_end = name;
            while (name_end < tag_end && *name_end != ' ' && *name_end != '/' && *name_end != '\t' &&
                   *name_end != '\n' && *name_end != '\r')
                name_end++;
            const char *colon = memchr(name, ':', (size_t)(name_end - name));
            if (colon) name = colon + 1;
            *node = (RecordNode){name, (size_t)(name_end - name), tag_end + 1, 0, -1, -1, -1};
            if (depth > 0) {
                RecordNode *parent = &tree->nodes[tree->open[depth - 1]];
                if (parent->last_child < 0) parent->first_child = index;
                else tree->nodes[parent->last_child].next_sibling = index;
                parent->last_child = index;
            }
            if (tag_end[-1] != '/') {
                if (depth == 64) return NULL;
                tree->open[depth++] = index;
            } else if (depth == 0) {
                return tag_end + 1;  /* `<item/>` */
            }
        }
        p = tag_end + 1;
        if (p < end && *p != '<') {  /* text: most is short, a policy document is long */
            const char *next = memchr(p, '<', (size_t)(end - p));
            p = next ? next : end;
        }
    }
    return NULL;
}

/* Appends without checking the capacity: the caller reserved it (`append_record_json`). */
static inline void put(Buffer *out, const void *bytes, size_t count) {
    memcpy(out->bytes + out->count, bytes, count);
    out->count += count;
}

static inline void put_byte(Buffer *out, char byte) { out->bytes[out->count++] = byte; }

/* Whether JSON escapes `byte` in a string: a control character, a quote or a backslash. */
static inline int is_special(unsigned char byte) { return byte < 0x20 || byte == '"' || byte == '\\'; }

/* Whether any of the eight bytes of `word` is a control character, a quote or a backslash. */
static inline int has_special(uint64_t word) {
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t quotes = word ^ (ones * '"'), backslashes = word ^ (ones * '\\');
    return (((word - ones * 0x20) & ~word) | ((quotes - ones) & ~quotes) | ((backslashes - ones) & ~backslashes)) &
           highs ? 1 : 0;
}

/* Appends `text` escaped for a JSON string (without the quotes); runs without a special byte are copied whole. */
static void append_escaped(Buffer *out, const char *text, size_t count) {
    size_t start = 0, i = 0;
    while (i < count) {
        if (i + 8 <= count) {
            uint64_t word;
            memcpy(&word, text + i, 8);
            if (!has_special(word)) {
                i += 8;
                continue;
            }
        }
        unsigned char byte = (unsigned char)text[i];
        if (!is_special(byte)) {
            i++;
            continue;
        }
        put(out, text + start, i - start);
        switch (byte) {
        case '"': put(out, "\\\"", 2); break;
        case '\\': put(out, "\\\\", 2); break;
        case '\n': put(out, "\\n", 2); break;
        case '\r': put(out, "\\r", 2); break;
        case '\t': put(out, "\\t", 2); break;
        default: {
            static const char hex[] = "0123456789abcdef";
            char escape[6] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 15]};
            put(out, escape, 6);
        }
        }
        start = ++i;
    }
    put(out, text + start, count - start);
}

/* The UTF-8 of the reference at `entity` (`length` bytes, from `&` to `;`) into `to`; its bytes unchanged when it is
 * none of XML's five entities or a character reference. Returns the bytes written (at most `length`). */
static size_t decode_reference(const char *entity, size_t length, char *to) {
    if (length == 5 && !memcmp(entity, "&amp;", 5)) { *to = '&'; return 1; }
    if (length == 4 && !memcmp(entity, "&lt;", 4)) { *to = '<'; return 1; }
    if (length == 4 && !memcmp(entity, "&gt;", 4)) { *to = '>'; return 1; }
    if (length == 6 && !memcmp(entity, "&quot;", 6)) { *to = '"'; return 1; }
    if (length == 6 && !memcmp(entity, "&apos;", 6)) { *to = '\''; return 1; }
    if (length > 3 && entity[1] == '#') {
        unsigned long code = entity[2] == 'x' ? strtoul(entity + 3, NULL, 16) : strtoul(entity + 2, NULL, 10);
        if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0xFFFD;  /* no character: U+FFFD */
        if (code < 0x80) { to[0] = (char)code; return 1; }
        if (code < 0x800) { to[0] = (char)(0xC0 | code >> 6); to[1] = (char)(0x80 | (code & 0x3F)); return 2; }
        if (code < 0x10000) {
            to[0] = (char)(0xE0 | code >> 12), to[1] = (char)(0x80 | (code >> 6 & 0x3F));
            to[2] = (char)(0x80 | (code & 0x3F));
            return 3;  /* `&#2048;` and up: at least 7 bytes */
        }
        to[0] = (char)(0xF0 | code >> 18), to[1] = (char)(0x80 | (code >> 12 & 0x3F));
        to[2] = (char)(0x80 | (code >> 6 & 0x3F)), to[3] = (char)(0x80 | (code & 0x3F));
        return 4;  /* `&#65536;` and up: at least 8 bytes */
    }
    memcpy(to, entity, length);
    return length;
}

/* Appends a leaf's text as a JSON string, its references decoded run by run into the output. */
static void append_text(Buffer *out, const char *text, size_t count) {
    put_byte(out, '"');
    size_t start = 0;
    for (const char *reference = memchr(text, '&', count); reference;
         reference = memchr(text + start, '&', count - start)) {
        size_t at = (size_t)(reference - text);
        append_escaped(out, text + start, at - start);
        const char *semicolon = memchr(reference, ';', count - at);
        size_t length = semicolon ? (size_t)(semicolon - reference) + 1 : 1;
        char decoded[32];
        if (length <= sizeof decoded) {
            append_escaped(out, decoded, decode_reference(reference, length, decoded));
        } else {
            append_escaped(out, reference, length);  /* not a reference: as written */
        }
        start = at + length;
    }
    append_escaped(out, text + start, count - start);
    put_byte(out, '"');
}

/* Orders children by key: the local name with its first letter in upper case, then byte order. */
static int compare_keys(const RecordNode *a, const RecordNode *b) {
    unsigned char first_a = a->name_length ? (unsigned char)a->name[0] : 0;
    unsigned char first_b = b->name_length ? (unsigned char)b->name[0] : 0;
    if (first_a >= 'a' && first_a <= 'z') first_a -= 32;
    if (first_b >= 'a' && first_b <= 'z') first_b -= 32;
    if (first_a != first_b) return first_a < first_b ? -1 : 1;
    size_t shorter = a->name_length < b->name_length ? a->name_length : b->name_length;
    int order = shorter > 1 ? memcmp(a->name + 1, b->name + 1, shorter - 1) : 0;
    if (order) return order;
    return a->name_length < b->name_length ? -1 : a->name_length > b->name_length;
}

/* Appends element `index` of `tree` as JSON. */
static void append_json(Buffer *out, const RecordTree *tree, int index) {
    const RecordNode *node = &tree->nodes[index];
    if (node->first_child < 0) {
        append_text(out, node->text, node->text_length);
        return;
    }
    int few[256], *children = few, count = 0, listed = 1, total = 0;
    for (int child = node->first_child; child >= 0; child = tree->nodes[child].next_sibling) total++;
    if (total > 256 && !(children = malloc((size_t)total * sizeof(int)))) { perror("malloc"); exit(1); }
    for (int child = node->first_child; child >= 0; child = tree->nodes[child].next_sibling) {
        const RecordNode *c = &tree->nodes[child];
        if (!((c->name_length == 4 && !memcmp(c->name, "item", 4)) ||
              (c->name_length == 6 && !memcmp(c->name, "member", 6))))
            listed = 0;
        /* Insertion sort, stable: a later child of a name stays after the first. */
        int at = count++;
        while (at > 0 && compare_keys(&tree->nodes[children[at - 1]], c) > 0) {
            children[at] = children[at - 1];
            at--;
        }
        children[at] = child;
    }
    if (listed) {
        put_byte(out, '[');
        for (int child = node->first_child, i = 0; child >= 0; child = tree->nodes[child].next_sibling, i++) {
            if (i) put_byte(out, ',');
            append_json(out, tree, child);
        }
        put_byte(out, ']');
        if (children != few) free(children);
        return;
    }
    put_byte(out, '{');
    for (int i = 0; i < count; i++) {
        const RecordNode *c = &tree->nodes[children[i]];
        if (i && compare_keys(&tree->nodes[children[i - 1]], c) == 0) continue;  /* the first of each name only */
        if (i) put_byte(out, ',');
        put_byte(out, '"');
        if (c->name_length) {  /* `<p:>` has an empty local name */
            char first = c->name[0];
            if (first >= 'a' && first <= 'z') first -= 32;
            append_escaped(out, &first, 1);
            append_escaped(out, c->name + 1, c->name_length - 1);
        }
        put(out, "\":", 2);
        append_json(out, tree, children[i]);
    }
    put_byte(out, '}');
    if (children != few) free(children);
}

/* Appends the JSON of the record read into `tree` from `size` bytes of XML. A record's JSON is at most six bytes per
 * byte of its XML, reserved once: `\u00xx` for a control character; a reference decodes to no more bytes than it has;
 * a key with its quotes, colon and comma takes at most 6n + 4 bytes for the n + 3 or more of its element's tags. */
static void append_record_json(Buffer *out, const RecordTree *tree, size_t size) {
    reserve(out, 6 * size + 16);
    append_json(out, tree, 0);
}

/* The text of the record's identifier: its first leaf child named `…Id` other than `ownerId`, with the name before
 * `Id` as its kind (`vpcEndpoint`); the whole record's first leaf when it has none. */
static void record_identity(const RecordTree *tree, const char **id, size_t *id_length, const char **kind,
                            size_t *kind_length) {
    const RecordNode *root = &tree->nodes[0], *first_leaf = NULL;
    for (int child = root->first_child; child >= 0; child = tree->nodes[child].next_sibling) {
        const RecordNode *c = &tree->nodes[child];
        if (c->first_child >= 0) continue;
        if (!first_leaf) first_leaf = c;
        if (c->name_length > 2 && !memcmp(c->name + c->name_length - 2, "Id", 2) &&
            !(c->name_length == 7 && !memcmp(c->name, "ownerId", 7))) {
            *id = c->text, *id_length = c->text_length, *kind = c->name, *kind_length = c->name_length - 2;
            return;
        }
    }
    const RecordNode *chosen = first_leaf ? first_leaf : root;
    *id = chosen->text, *id_length = chosen->text_length, *kind = "record", *kind_length = 6;
}

#endif
