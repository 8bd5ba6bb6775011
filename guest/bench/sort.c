/* Sorting: quicksort (median of three, insertion sort for small ranges) and
 * top-down mergesort, each verified. */
#include <stdio.h>
#include <string.h>
#include "bench_util.h"

#ifndef ITERATIONS
#define ITERATIONS 48
#endif

#define ELEMENTS 20000
#define SMALL_RANGE 16

static int64_t original[ELEMENTS], work[ELEMENTS], scratch[ELEMENTS];

static void swap(int64_t *a, int64_t *b)
{
    int64_t t = *a;
    *a = *b;
    *b = t;
}

static void insertion_sort(int64_t *a, long low, long high)
{
    for (long i = low + 1; i <= high; i++) {
        int64_t v = a[i];
        long j = i - 1;
        while (j >= low && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void quicksort(int64_t *a, long low, long high)
{
    while (high - low > SMALL_RANGE) {
        long mid = low + (high - low) / 2;
        if (a[mid] < a[low]) swap(&a[mid], &a[low]);
        if (a[high] < a[low]) swap(&a[high], &a[low]);
        if (a[high] < a[mid]) swap(&a[high], &a[mid]);
        int64_t pivot = a[mid];
        long i = low, j = high;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) swap(&a[i++], &a[j--]);
        }
        /* Recurse into the smaller side to bound the stack. */
        if (j - low < high - i) {
            quicksort(a, low, j);
            low = i;
        } else {
            quicksort(a, i, high);
            high = j;
        }
    }
    insertion_sort(a, low, high);
}

static void merge_sort(int64_t *a, int64_t *tmp, long low, long high)
{
    if (high - low < 1)
        return;
    long mid = low + (high - low) / 2;
    merge_sort(a, tmp, low, mid);
    merge_sort(a, tmp, mid + 1, high);
    long i = low, j = mid + 1, k = low;
    while (i <= mid && j <= high)
        tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i <= mid) tmp[k++] = a[i++];
    while (j <= high) tmp[k++] = a[j++];
    memcpy(a + low, tmp + low, (size_t)(high - low + 1) * sizeof *a);
}

static int is_sorted(const int64_t *a, long count)
{
    for (long i = 1; i < count; i++)
        if (a[i - 1] > a[i])
            return 0;
    return 1;
}

int main(void)
{
    uint64_t seed = 99, checksum = 0;
    for (unsigned iteration = 0; iteration < ITERATIONS; iteration++) {
        for (long i = 0; i < ELEMENTS; i++)
            original[i] = (int64_t)(next_random(&seed) % 100000) - 50000;
        memcpy(work, original, sizeof work);
        quicksort(work, 0, ELEMENTS - 1);
        if (!is_sorted(work, ELEMENTS)) {
            printf("quicksort failed\n");
            return 1;
        }
        checksum = mix_checksum(checksum, (uint64_t)work[ELEMENTS / 3]);
        memcpy(work, original, sizeof work);
        merge_sort(work, scratch, 0, ELEMENTS - 1);
        if (!is_sorted(work, ELEMENTS)) {
            printf("mergesort failed\n");
            return 2;
        }
        for (long i = 0; i < ELEMENTS; i += 97)
            checksum = mix_checksum(checksum, (uint64_t)work[i]);
    }
    printf("sort checksum %016llx\n", (unsigned long long)checksum);
    return 0;
}
