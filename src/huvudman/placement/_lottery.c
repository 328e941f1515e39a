/* Keyed BLAKE2b (RFC 7693) of many child ids at once: the lottery numbers of a whole cohort.
 *
 * numbers(key, ids, out) writes, for each str in the list `ids`, the 8-byte keyed BLAKE2b digest
 * of its UTF-8 bytes read as a big-endian unsigned integer into the uint64 buffer `out` -- the
 * same number as int.from_bytes(hashlib.blake2b(id, key=key, digest_size=8).digest(), "big").
 * The state after the key block is computed once and copied for every child, as
 * hashlib's keyed.copy() does, but without a Python object per child.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static const uint64_t IV[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

static const uint8_t SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

typedef struct {
    uint64_t h[8];
    uint64_t counter;
} state;

static inline uint64_t rotr(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

static inline uint64_t load64(const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
#else
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
#endif
}

#define G(a, b, c, d, x, y)          \
    do {                             \
        v[a] = v[a] + v[b] + (x);    \
        v[d] = rotr(v[d] ^ v[a], 32); \
        v[c] = v[c] + v[d];          \
        v[b] = rotr(v[b] ^ v[c], 24); \
        v[a] = v[a] + v[b] + (y);    \
        v[d] = rotr(v[d] ^ v[a], 16); \
        v[c] = v[c] + v[d];          \
        v[b] = rotr(v[b] ^ v[c], 63); \
    } while (0)

/* One compression of a full 128-byte block; `last` marks the final block. */
static void compress(state *s, const uint8_t block[128], int last) {
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++) m[i] = load64(block + 8 * i);
    for (int i = 0; i < 8; i++) {
        v[i] = s->h[i];
        v[i + 8] = IV[i];
    }
    v[12] ^= s->counter; /* ids are far shorter than 2**64 bytes: the high counter word is 0 */
    if (last) v[14] = ~v[14];
    for (int r = 0; r < 12; r++) {
        const uint8_t *sg = SIGMA[r];
        G(0, 4, 8, 12, m[sg[0]], m[sg[1]]);
        G(1, 5, 9, 13, m[sg[2]], m[sg[3]]);
        G(2, 6, 10, 14, m[sg[4]], m[sg[5]]);
        G(3, 7, 11, 15, m[sg[6]], m[sg[7]]);
        G(0, 5, 10, 15, m[sg[8]], m[sg[9]]);
        G(1, 6, 11, 12, m[sg[10]], m[sg[11]]);
        G(2, 7, 8, 13, m[sg[12]], m[sg[13]]);
        G(3, 4, 9, 14, m[sg[14]], m[sg[15]]);
    }
    for (int i = 0; i < 8; i++) s->h[i] ^= v[i] ^ v[i + 8];
}

/* The digest of `data` continuing from the keyed state `keyed`, as the big-endian number. */
static uint64_t digest(const state *keyed, const uint8_t *data, Py_ssize_t len) {
    state s = *keyed;
    uint8_t block[128];
    while (len > 128) {
        s.counter += 128;
        compress(&s, data, 0);
        data += 128;
        len -= 128;
    }
    memset(block, 0, sizeof block);
    memcpy(block, data, (size_t)len);
    s.counter += (uint64_t)len;
    compress(&s, block, 1);
    return __builtin_bswap64(s.h[0]); /* the first 8 digest bytes are h[0], little-endian */
}

static PyObject *numbers(PyObject *self, PyObject *args) {
    Py_buffer key, out;
    PyObject *ids;
    if (!PyArg_ParseTuple(args, "y*O!w*", &key, &PyList_Type, &ids, &out)) return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = PyList_GET_SIZE(ids);
    if (key.len < 1 || key.len > 64) {
        PyErr_SetString(PyExc_ValueError, "the key must be 1 to 64 bytes");
        goto done;
    }
    if (out.len != n * (Py_ssize_t)sizeof(uint64_t) || out.itemsize != 8) {
        PyErr_SetString(PyExc_ValueError, "out must hold one uint64 per id");
        goto done;
    }
    state keyed;
    memcpy(keyed.h, IV, sizeof IV);
    keyed.h[0] ^= 0x01010000ULL ^ ((uint64_t)key.len << 8) ^ 8ULL; /* fanout, depth, key, size */
    keyed.counter = 0;
    uint8_t block[128] = {0};
    memcpy(block, key.buf, (size_t)key.len);
    /* The key block is never the last: ids are non-empty, so every digest has a message block. */
    keyed.counter = 128;
    compress(&keyed, block, 0);
    uint64_t *dest = (uint64_t *)out.buf;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyList_GET_ITEM(ids, i);
        if (!PyUnicode_Check(item)) {
            PyErr_Format(PyExc_TypeError, "child id %zd is not a str", i);
            goto done;
        }
        Py_ssize_t len;
        const char *text = PyUnicode_AsUTF8AndSize(item, &len);
        if (text == NULL) goto done;
        if (len == 0) {
            PyErr_Format(PyExc_ValueError, "child id %zd is empty", i);
            goto done;
        }
        dest[i] = digest(&keyed, (const uint8_t *)text, len);
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&key);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"numbers", numbers, METH_VARARGS,
     "numbers(key, ids, out): keyed 8-byte BLAKE2b of each id, big-endian, into out."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_lottery",
                                    "Keyed BLAKE2b lottery numbers of many child ids.", -1,
                                    methods};

PyMODINIT_FUNC PyInit__lottery(void) { return PyModule_Create(&module); }
