/* Child-proposing deferred acceptance over flat int64 arrays: the hot loop of every placement
 * and of every forecast simulation, compiled.
 *
 * solve(schools, ranks, offsets, capacity, placed) reads the applications in the flat form
 * described in mechanisms/__init__.py and writes, per child, the index of the application that
 * placed it (or -1) into `placed`. Each school holds a max-heap of its tentative admits keyed
 * rank * total + application, so one integer says both who is weakest and which application.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>

static int get_int64(PyObject *obj, Py_buffer *view, int writable, const char *name) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) return -1;
    if (view->itemsize != 8 || view->format == NULL ||
        (strcmp(view->format, "q") != 0 && strcmp(view->format, "l") != 0 &&
         strcmp(view->format, "<q") != 0 && strcmp(view->format, "<l") != 0 &&
         strcmp(view->format, "=q") != 0 && strcmp(view->format, "=l") != 0)) {
        PyErr_Format(PyExc_TypeError, "%s must be a contiguous int64 array", name);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static void sift_down(int64_t *heap, Py_ssize_t size) {
    Py_ssize_t i = 0;
    int64_t item = heap[0];
    for (;;) {
        Py_ssize_t child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && heap[child + 1] > heap[child]) child++;
        if (heap[child] <= item) break;
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = item;
}

static void sift_up(int64_t *heap, Py_ssize_t pos) {
    int64_t item = heap[pos];
    while (pos > 0) {
        Py_ssize_t parent = (pos - 1) / 2;
        if (heap[parent] >= item) break;
        heap[pos] = heap[parent];
        pos = parent;
    }
    heap[pos] = item;
}

static int solve_arrays(const int64_t *schools, const int64_t *ranks, Py_ssize_t total,
                        const int64_t *offsets, Py_ssize_t n, const int64_t *capacity,
                        Py_ssize_t m, int64_t *placed) {
    Py_ssize_t *heap_start = malloc(sizeof(Py_ssize_t) * (m + 1));
    Py_ssize_t *heap_size = calloc(m > 0 ? m : 1, sizeof(Py_ssize_t));
    int64_t *owner = malloc(sizeof(int64_t) * (total > 0 ? total : 1));
    int64_t *next = malloc(sizeof(int64_t) * (n > 0 ? n : 1));
    int64_t *heaps = NULL;
    if (heap_start == NULL || heap_size == NULL || owner == NULL || next == NULL) goto oom;
    heap_start[0] = 0;
    for (Py_ssize_t s = 0; s < m; s++)
        heap_start[s + 1] = heap_start[s] + (capacity[s] > 0 ? capacity[s] : 0);
    heaps = malloc(sizeof(int64_t) * (heap_start[m] > 0 ? heap_start[m] : 1));
    if (heaps == NULL) goto oom;
    for (Py_ssize_t c = 0; c < n; c++) {
        placed[c] = -1;
        next[c] = offsets[c];
        for (int64_t p = offsets[c]; p < offsets[c + 1]; p++) owner[p] = c;
    }
    for (Py_ssize_t start = 0; start < n; start++) {
        int64_t c = start;
        while (c >= 0) {
            int64_t proposer = c;
            int64_t i = next[c];
            int64_t end = offsets[c + 1];
            c = -1;
            for (; i < end; i++) {
                int64_t s = schools[i];
                int64_t key = ranks[i] * (int64_t)total + i;
                int64_t *heap = heaps + heap_start[s];
                Py_ssize_t cap = heap_start[s + 1] - heap_start[s];
                if (heap_size[s] < cap) {
                    heap[heap_size[s]] = key;
                    sift_up(heap, heap_size[s]);
                    heap_size[s]++;
                    placed[proposer] = i;
                    break;
                }
                if (cap > 0 && key < heap[0]) {
                    int64_t out = heap[0] % (int64_t)total;
                    heap[0] = key;
                    sift_down(heap, cap);
                    placed[proposer] = i;
                    c = owner[out];
                    placed[c] = -1;
                    break;
                }
            }
            next[proposer] = i + 1;
        }
    }
    free(heap_start); free(heap_size); free(owner); free(next); free(heaps);
    return 0;
oom:
    free(heap_start); free(heap_size); free(owner); free(next); free(heaps);
    PyErr_NoMemory();
    return -1;
}

static int check_bounds(const int64_t *schools, Py_ssize_t total, const int64_t *offsets,
                        Py_ssize_t n, Py_ssize_t m) {
    if (offsets[0] != 0 || offsets[n] != total) {
        PyErr_SetString(PyExc_ValueError, "offsets must start at 0 and end at len(schools)");
        return -1;
    }
    for (Py_ssize_t c = 0; c < n; c++) {
        if (offsets[c + 1] < offsets[c]) {
            PyErr_SetString(PyExc_ValueError, "offsets must not decrease");
            return -1;
        }
    }
    for (Py_ssize_t p = 0; p < total; p++) {
        if (schools[p] < 0 || schools[p] >= m) {
            PyErr_Format(PyExc_ValueError, "application %zd names school %lld, not 0..%zd",
                         p, (long long)schools[p], m - 1);
            return -1;
        }
    }
    return 0;
}

static PyObject *solve(PyObject *self, PyObject *args) {
    PyObject *objs[5];
    static const char *names[5] = {"schools", "ranks", "offsets", "capacity", "placed"};
    Py_buffer views[5];
    int got = 0;
    PyObject *result = NULL;
    if (!PyArg_ParseTuple(args, "OOOOO", &objs[0], &objs[1], &objs[2], &objs[3], &objs[4]))
        return NULL;
    for (; got < 5; got++)
        if (get_int64(objs[got], &views[got], got == 4, names[got]) < 0) goto done;
    Py_ssize_t total = views[0].len / 8;
    Py_ssize_t n = views[2].len / 8 - 1;
    Py_ssize_t m = views[3].len / 8;
    if (views[1].len / 8 != total || n < 0 || views[4].len / 8 != n) {
        PyErr_SetString(PyExc_ValueError,
                        "ranks must match schools, and placed must have one slot per child");
        goto done;
    }
    const int64_t *schools = views[0].buf, *ranks = views[1].buf, *offsets = views[2].buf;
    if (check_bounds(schools, total, offsets, n, m) < 0) goto done;
    if (solve_arrays(schools, ranks, total, offsets, n, views[3].buf, m, views[4].buf) < 0)
        goto done;
    result = Py_None;
    Py_INCREF(result);
done:
    for (int k = 0; k < got; k++) PyBuffer_Release(&views[k]);
    return result;
}

static PyMethodDef methods[] = {
    {"solve", solve, METH_VARARGS,
     "solve(schools, ranks, offsets, capacity, placed): child-proposing deferred acceptance "
     "over contiguous int64 arrays; writes each child's placing application (or -1)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_deferred_acceptance",
    "Compiled child-proposing deferred acceptance.", -1, methods,
};

PyMODINIT_FUNC PyInit__deferred_acceptance(void) { return PyModule_Create(&module); }
